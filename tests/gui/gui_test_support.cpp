#include "tests/gui/gui_test_support.h"

#include "gui/control/session_controller.h"
#include "harness/session/run_data.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDialog>
#include <QFile>
#include <QGraphicsView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <functional>
#include <map>
#include <string>

namespace evsim::gui::test {
namespace {

std::map<std::string, TestMaker>& registry() {
    static std::map<std::string, TestMaker> tests; // built before the first registration
    return tests;
}

} // namespace

bool registerTest(const char* name, TestMaker make) {
    return registry().emplace(name, make).second;
}

TestMaker findTest(const QString& name) {
    const auto it = registry().find(name.toStdString());
    return it == registry().end() ? nullptr : it->second;
}

QStringList testNames() {
    QStringList names;
    for (const auto& [name, make] : registry()) {
        names << QString::fromStdString(name);
    }
    return names;
}

QString sourcePath(const QString& relative) {
    return QStringLiteral(EVSIM_SOURCE_DIR "/") + relative;
}

SimTime timeOf(const RunData& data, std::uint32_t message, RecordKind kind, std::size_t nth) {
    for (const std::size_t i : data.recordsOf(message)) {
        if (data.records()[i].kind == kind && nth-- == 0) {
            return data.records()[i].time;
        }
    }
    return SimTime::max();
}

bool openAndFinish(SessionController& controller, const QString& relative) {
    QString errors;
    if (!controller.openFile(sourcePath(relative), &errors)) {
        qWarning("cannot open %s: %s", qPrintable(relative), qPrintable(errors));
        return false;
    }
    controller.runToEnd();
    return controller.data().finished();
}

QString writeWideScenario(const QString& dir, int queues) {
    QJsonArray queueList;
    QJsonArray bindings;
    QJsonArray producers;
    QJsonArray consumers;
    for (int q = 0; q < queues; ++q) {
        const QString n = QStringLiteral("%1").arg(q, 3, 10, QLatin1Char('0'));
        queueList.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("q") + n}});
        bindings.append(QJsonObject{{QStringLiteral("exchange"), QStringLiteral("events")},
                                    {QStringLiteral("queue"), QStringLiteral("q") + n},
                                    {QStringLiteral("key"), QStringLiteral("k") + n}});
        producers.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("p") + n},
            {QStringLiteral("produces"),
             QJsonArray{QJsonObject{{QStringLiteral("event"), QStringLiteral("E")},
                                    {QStringLiteral("exchange"), QStringLiteral("events")},
                                    {QStringLiteral("routing_key"), QStringLiteral("k") + n},
                                    {QStringLiteral("rate"), QStringLiteral("5/s")}}}}});
        consumers.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("c") + n},
            {QStringLiteral("consumes"),
             QJsonArray{QJsonObject{{QStringLiteral("queue"), QStringLiteral("q") + n}}}}});
    }
    for (const QJsonValue& c : consumers) {
        producers.append(c);
    }
    const QJsonObject scenario{
        {QStringLiteral("name"), QStringLiteral("wide")},
        {QStringLiteral("duration"), QStringLiteral("1s")},
        {QStringLiteral("broker"),
         QJsonObject{{QStringLiteral("exchanges"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("events")},
                                             {QStringLiteral("type"), QStringLiteral("direct")}}}},
                     {QStringLiteral("queues"), queueList},
                     {QStringLiteral("bindings"), bindings}}},
        {QStringLiteral("services"), producers}};
    const QString path = dir + QStringLiteral("/wide-%1.json").arg(queues);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(QJsonDocument(scenario).toJson(QJsonDocument::Compact));
    return path;
}

QString writeDomainsScenario(const QString& dir) {
    const QStringList domains{"orders", "billing",       "shipping", "inventory", "payments",
                              "users",  "notifications", "search",   "analytics", "catalog"};
    const QStringList events{"created", "updated",  "deleted", "approved",  "rejected",
                             "paid",    "refunded", "shipped", "delivered", "returned",
                             "audit",   "retry",    "archive", "export",    "import",
                             "sync",    "alert",    "report",  "cleanup",   "digest"};
    QJsonArray exchanges;
    QJsonArray queues;
    QJsonArray bindings;
    QJsonArray services;
    for (const QString& d : domains) {
        const QString exchange = d + QStringLiteral(".events");
        exchanges.append(QJsonObject{{QStringLiteral("name"), exchange},
                                     {QStringLiteral("type"), QStringLiteral("direct")}});
        QJsonArray produces;
        for (const QString& e : events) {
            queues.append(QJsonObject{{QStringLiteral("name"), d + QLatin1Char('.') + e}});
            bindings.append(QJsonObject{{QStringLiteral("exchange"), exchange},
                                        {QStringLiteral("queue"), d + QLatin1Char('.') + e},
                                        {QStringLiteral("key"), e}});
            // "NotificationsDelivered": as long as event names get.
            const auto title = [](const QString& word) {
                return word.left(1).toUpper() + word.mid(1);
            };
            produces.append(QJsonObject{{QStringLiteral("event"), title(d) + title(e)},
                                        {QStringLiteral("exchange"), exchange},
                                        {QStringLiteral("routing_key"), e},
                                        {QStringLiteral("rate"), QStringLiteral("2/s")}});
        }
        services.append(QJsonObject{{QStringLiteral("name"), d + QStringLiteral("-api")},
                                    {QStringLiteral("produces"), produces}});
        for (int k = 0; k < 10; ++k) {
            QJsonArray consumes;
            for (const int e : {2 * k, 2 * k + 1}) {
                consumes.append(
                    QJsonObject{{QStringLiteral("queue"), d + QLatin1Char('.') + events[e]},
                                {QStringLiteral("processing"), QStringLiteral("300ms")}});
            }
            services.append(
                QJsonObject{{QStringLiteral("name"), d + QStringLiteral("-worker-%1").arg(k)},
                            {QStringLiteral("instances"), 5},
                            {QStringLiteral("consumes"), consumes}});
        }
    }
    const QJsonObject scenario{
        {QStringLiteral("name"), QStringLiteral("domains")},
        {QStringLiteral("duration"), QStringLiteral("2s")},
        {QStringLiteral("broker"), QJsonObject{{QStringLiteral("exchanges"), exchanges},
                                               {QStringLiteral("queues"), queues},
                                               {QStringLiteral("bindings"), bindings}}},
        {QStringLiteral("services"), services}};
    const QString path = dir + QStringLiteral("/domains-200.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(QJsonDocument(scenario).toJson(QJsonDocument::Compact));
    return path;
}

namespace {

// Right-clicks `at` on `area`, and hands the menu that opens to `use` before closing it.
void withContextMenu(QAbstractScrollArea& area, QPoint at, const std::function<void(QMenu&)>& use) {
    QTimer::singleShot(0, [&use] {
        if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
            use(*menu);
            menu->close();
        }
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, area.viewport()->mapToGlobal(at));
    QApplication::sendEvent(area.viewport(), &event);
}

} // namespace

QStringList contextMenuAt(QAbstractScrollArea& area, QPoint at) {
    QStringList entries;
    withContextMenu(area, at, [&entries](QMenu& menu) {
        for (const QAction* a : menu.actions()) {
            if (!a->isSeparator() && !a->text().isEmpty()) {
                entries << a->text();
            }
        }
    });
    return entries;
}

bool chooseFromContextMenu(QAbstractScrollArea& area, QPoint at, const QString& entry) {
    bool found = false;
    withContextMenu(area, at, [&found, &entry](QMenu& menu) {
        for (QAction* a : menu.actions()) {
            if (!found && !a->isSeparator() && a->text() == entry) {
                found = true;
                a->trigger(); // the menu owns its actions: chosen while it is open
            }
        }
    });
    return found;
}

struct DialogCatcher::State {
    QTimer timer;
    int seen = 0;
    QStringList texts;
    QString answer;      // every input dialog's, when there is no list
    QStringList answers; // one per dialog, in order
    bool listed = false;
};

DialogCatcher::DialogCatcher(const QString& answer) : DialogCatcher(QStringList()) {
    m_state->answer = answer;
    m_state->listed = false;
}

DialogCatcher::DialogCatcher(const QStringList& answers) : m_state(new State) {
    m_state->answers = answers;
    m_state->listed = true;
    // Tests never read or write the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    m_state->timer.setInterval(20);
    QObject::connect(&m_state->timer, &QTimer::timeout, [state = m_state] {
        QWidget* modal = QApplication::activeModalWidget();
        auto* dialog = qobject_cast<QDialog*>(modal);
        if (dialog == nullptr) {
            return;
        }
        ++state->seen;
        const QString answer = !state->listed             ? state->answer
                               : state->answers.isEmpty() ? QString()
                                                          : state->answers.takeFirst();
        if (auto* box = qobject_cast<QMessageBox*>(dialog)) {
            state->texts << box->text() + QLatin1Char('\n') + box->informativeText() +
                                QLatin1Char('\n') + box->detailedText();
            if (answer == QLatin1String("Yes") && box->button(QMessageBox::Yes) != nullptr) {
                box->button(QMessageBox::Yes)->click();
                return;
            }
        } else if (auto* input = qobject_cast<QInputDialog*>(dialog)) {
            state->texts << input->windowTitle() + QLatin1Char('\n') + input->labelText();
            if (!answer.isEmpty()) {
                input->setTextValue(answer);
                input->accept();
                return;
            }
        }
        dialog->reject();
    });
    m_state->timer.start();
}

DialogCatcher::~DialogCatcher() {
    delete m_state;
}

int DialogCatcher::seen() const {
    return m_state->seen;
}

QString DialogCatcher::lastText() const {
    return m_state->texts.isEmpty() ? QString() : m_state->texts.back();
}

QStringList DialogCatcher::texts() const {
    return m_state->texts;
}

} // namespace evsim::gui::test
