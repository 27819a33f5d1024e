#include "gui/control/inject_menu.h"

#include "gui/control/session_controller.h"
#include "gui/widgets/plain_message.h"
#include "harness/session/intervention_choices.h"

#include <QInputDialog>
#include <QMenu>

namespace evsim::gui {
namespace {

// Asks how long, naming what it is done to ("billing#1: pause for how long?"); nullopt when
// cancelled.
std::optional<SimTime> askDuration(QWidget* parent, const InterventionChoice& choice,
                                   const QString& target) {
    QString verb = QString::fromStdString(choice.label); // "Pause for…"
    verb.remove(QChar(0x2026));
    if (verb.endsWith(QLatin1String(" for"))) {
        verb.chop(4);
    }
    QString question = verb;
    if (!question.isEmpty()) {
        question[0] = question[0].toLower();
    }
    QString text = QString::fromStdString(formatDuration(choice.duration));
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(
            parent, QObject::tr("%1 · %2").arg(verb, target),
            QObject::tr("%1: %2 for how long? (for example 500ms, 10s, 2m)").arg(target, question),
            QLineEdit::Normal, text, &ok);
        if (!ok) {
            return std::nullopt;
        }
        const std::optional<SimTime> d = parseDuration(text.trimmed().toStdString());
        if (d && *d > SimTime::zero()) {
            return d;
        }
        showPlainWarning(parent, QObject::tr("Not a duration"),
                         QObject::tr("\"%1\" is not a duration: write a number and a unit (ns, "
                                     "us, ms, s, m, h), such as 10s.")
                             .arg(text));
    }
}

} // namespace

QString applyChoice(SessionController& controller, const InterventionChoice& choice,
                    SimTime duration) {
    return controller.inject(choice.make(controller.cursor(), duration));
}

int fillInjectMenu(QMenu& menu, SessionController& controller, EntityId target,
                   QWidget* dialogParent) {
    if (!controller.hasSession()) {
        return 0;
    }
    std::vector<InterventionChoice> choices =
        interventionChoices(controller.session().scenario(), controller.data().entities(), target);
    std::string group;
    for (InterventionChoice& choice : choices) {
        if (choice.group != group) {
            menu.addSection(QString::fromStdString(choice.group));
            group = choice.group;
        }
        QAction* action = menu.addAction(QString::fromStdString(choice.label));
        action->setToolTip(QString::fromStdString(choice.tooltip));
        action->setStatusTip(action->toolTip());
        QObject::connect(
            action, &QAction::triggered, &controller, [&controller, dialogParent, choice, target] {
                SimTime duration = choice.duration;
                if (choice.asksDuration) {
                    const std::optional<SimTime> d = askDuration(
                        dialogParent, choice,
                        QString::fromStdString(controller.data().entities()[target].name));
                    if (!d) {
                        return;
                    }
                    duration = *d;
                }
                const QString error = applyChoice(controller, choice, duration);
                if (!error.isEmpty()) {
                    showPlainWarning(dialogParent, QObject::tr("Cannot add the intervention"),
                                     error);
                }
            });
    }
    menu.setToolTipsVisible(true);
    return static_cast<int>(choices.size());
}

} // namespace evsim::gui
