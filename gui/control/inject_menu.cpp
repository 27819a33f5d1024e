#include "gui/control/inject_menu.h"

#include "gui/control/session_controller.h"
#include "gui/widgets/plain_message.h"
#include "harness/session/intervention_choices.h"

#include <QInputDialog>
#include <QMenu>

namespace evsim::gui {
namespace {

// Asks how long (or how much), naming what it is done to ("billing#1: pause for how long?",
// "msg-12: delay its next hop by how much?"); nullopt when cancelled.
std::optional<SimTime> askDuration(QWidget* parent, const InterventionChoice& choice,
                                   const QString& target) {
    QString verb = QString::fromStdString(choice.label); // "Pause for…"
    verb.remove(QChar(0x2026));
    QString howMuch = QObject::tr("for how long?");
    if (verb.endsWith(QLatin1String(" for"))) {
        verb.chop(4);
    } else if (verb.endsWith(QLatin1String(" by"))) {
        verb.chop(3);
        howMuch = QObject::tr("by how much?");
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
            QObject::tr("%1: %2 %3 (for example 500ms, 10s, 2m)").arg(target, question, howMuch),
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

// One action per choice, in sections by group (the first titled `firstSection` when set),
// each adding its interventions at `at` (the cursor when unset) after asking how long.
int addChoices(QMenu& menu, SessionController& controller, std::vector<InterventionChoice> choices,
               const QString& target, std::optional<SimTime> at, const QString& firstSection,
               QWidget* dialogParent) {
    std::string group;
    for (InterventionChoice& choice : choices) {
        if (choice.group != group) {
            menu.addSection(group.empty() && !firstSection.isEmpty()
                                ? firstSection
                                : QString::fromStdString(choice.group));
            group = choice.group;
        }
        QAction* action = menu.addAction(QString::fromStdString(choice.label));
        action->setToolTip(QString::fromStdString(choice.tooltip));
        action->setStatusTip(action->toolTip());
        QObject::connect(
            action, &QAction::triggered, &controller,
            [&controller, dialogParent, choice, target, at] {
                SimTime duration = choice.duration;
                if (choice.asksDuration) {
                    const std::optional<SimTime> d = askDuration(dialogParent, choice, target);
                    if (!d) {
                        return;
                    }
                    duration = *d;
                }
                const QString error =
                    controller.inject(choice.make(at.value_or(controller.cursor()), duration));
                if (!error.isEmpty()) {
                    showPlainWarning(dialogParent, QObject::tr("Cannot add the intervention"),
                                     error);
                }
            });
    }
    menu.setToolTipsVisible(true);
    return static_cast<int>(choices.size());
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
    return addChoices(
        menu, controller,
        interventionChoices(controller.session().scenario(), controller.data().entities(), target),
        QString::fromStdString(controller.data().entities()[target].name), std::nullopt, {},
        dialogParent);
}

int fillMessageMenu(QMenu& menu, SessionController& controller, std::uint32_t message, SimTime at,
                    QWidget* dialogParent) {
    if (!controller.hasSession() || message == 0) {
        return 0;
    }
    const QString name = QStringLiteral("msg-%1").arg(message);
    return addChoices(
        menu, controller, messageChoices(message), name, at,
        QObject::tr("%1 from %2").arg(name, QString::fromStdString(formatDurationShort(at))),
        dialogParent);
}

} // namespace evsim::gui
