// A seeded monkey: random real actions on the main window (menus, clicks, double-clicks,
// context menus, keys, typing, the wheel, opening scenarios) for a while, with every dialog
// cancelled as it opens. It passes when the app neither crashes nor freezes.
//
//   EVSIM_MONKEY_SECONDS  how long (default 60; the `long` run takes 600)
//   EVSIM_MONKEY_SEED     the seed (default 1)
//   EVSIM_MONKEY_ACTIONS  stop after this many actions instead: with the seed, a failure's
//                         report gives both, and they replay the same actions
#include "gui/app/main_window.h"
#include "gui/control/session_controller.h"
#include "gui/views/topology/topology_view.h"
#include "tests/gui/gui_test_support.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>
#include <cstdio>
#include <deque>
#include <random>

using namespace evsim::gui;

namespace {

// A step that takes this long means the window froze (a slow step is not a failure: a Debug
// build under load opens a 200-queue system in about 3 s).
constexpr qint64 kFrozenMs = 10000;

qint64 envNumber(const char* name, qint64 fallback) {
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

// Every action of the menu bar, its submenus' too, but Quit (which would end the session).
void collectActions(const QMenu& menu, QList<QAction*>& out) {
    for (QAction* a : menu.actions()) {
        if (a->menu() != nullptr) {
            collectActions(*a->menu(), out);
        } else if (!a->isSeparator() && a->shortcut() != QKeySequence(QKeySequence::Quit)) {
            out << a;
        }
    }
}

class Monkey {
public:
    Monkey(MainWindow& window, SessionController& controller, QStringList scenarios,
           std::uint64_t seed)
        : m_window(window), m_controller(controller), m_scenarios(std::move(scenarios)),
          m_random(seed) {}

    // One random action; returns what it was.
    QString act() {
        switch (pick(12)) {
        case 0:
        case 1:
            return triggerMenuAction();
        case 2:
        case 3:
            return clickSomewhere(Qt::LeftButton, false);
        case 4:
            return clickSomewhere(Qt::LeftButton, true);
        case 5:
            return contextMenu();
        case 6:
        case 7:
            return pressKey();
        case 8:
            return typeText();
        case 9:
            return wheel();
        case 10:
            return dragOnCanvas();
        default:
            return openScenario();
        }
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }

    QPoint somewhereIn(const QWidget& w) {
        return {pick(std::max(1, w.width())), pick(std::max(1, w.height()))};
    }

    // A visible widget to click on: the canvas most often, else any view's viewport or widget.
    QWidget* target() {
        if (pick(3) == 0) {
            return m_window.viewWidget(QStringLiteral("topology"))
                ->findChild<QGraphicsView*>()
                ->viewport();
        }
        QList<QWidget*> visible;
        for (QWidget* w : m_window.findChildren<QWidget*>()) {
            if (w->isVisible() && w->width() > 10 && w->height() > 10 &&
                qobject_cast<QAbstractScrollArea*>(w) == nullptr && w->children().size() < 4) {
                visible << w;
            }
        }
        return visible.isEmpty() ? &m_window : visible[pick(static_cast<int>(visible.size()))];
    }

    QString triggerMenuAction() {
        QList<QAction*> actions;
        for (QAction* a : m_window.menuBar()->actions()) {
            if (a->menu() != nullptr) {
                Q_EMIT a->menu()->aboutToShow(); // menus that fill themselves as they open
                collectActions(*a->menu(), actions);
            }
        }
        if (actions.isEmpty()) {
            return QStringLiteral("no menu action");
        }
        QAction* a = actions[pick(static_cast<int>(actions.size()))];
        const QString text = a->text();
        if (a->isEnabled()) {
            a->trigger();
        }
        return QStringLiteral("menu: ") + text;
    }

    QString clickSomewhere(Qt::MouseButton button, bool twice) {
        QWidget* w = target();
        const QPoint at = somewhereIn(*w);
        const QString what =
            QStringLiteral("%1 %2 at %3,%4")
                .arg(twice ? QStringLiteral("double-click") : QStringLiteral("click"))
                .arg(QString::fromLatin1(w->metaObject()->className()))
                .arg(at.x())
                .arg(at.y());
        if (twice) {
            QTest::mouseDClick(w, button, {}, at);
        } else {
            QTest::mouseClick(w, button, {}, at);
        }
        return what;
    }

    // Right-click on the canvas, then one of the menu's entries (or none).
    QString contextMenu() {
        QWidget* viewport = m_window.viewWidget(QStringLiteral("topology"))
                                ->findChild<QGraphicsView*>()
                                ->viewport();
        const QPoint at = somewhereIn(*viewport);
        const int choice = pick(4);
        QTimer::singleShot(0, [this, choice] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (menu == nullptr) {
                return;
            }
            QList<QAction*> actions;
            collectActions(*menu, actions);
            QAction* chosen = choice > 0 && !actions.isEmpty()
                                  ? actions[pick(static_cast<int>(actions.size()))]
                                  : nullptr;
            menu->close();
            if (chosen != nullptr && chosen->isEnabled()) {
                chosen->trigger();
            }
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, viewport->mapToGlobal(at));
        QApplication::sendEvent(viewport, &event);
        return QStringLiteral("context menu at %1,%2").arg(at.x()).arg(at.y());
    }

    QString pressKey() {
        static const int kKeys[] = {
            Qt::Key_Space,        Qt::Key_Left,        Qt::Key_Right,  Qt::Key_Home,   Qt::Key_End,
            Qt::Key_BracketRight, Qt::Key_BracketLeft, Qt::Key_1,      Qt::Key_Escape, Qt::Key_Tab,
            Qt::Key_Down,         Qt::Key_Up,          Qt::Key_Return, Qt::Key_F};
        const int key = kKeys[pick(static_cast<int>(std::size(kKeys)))];
        const Qt::KeyboardModifiers modifiers = pick(4) == 0 ? Qt::ControlModifier : Qt::NoModifier;
        QWidget* focus = QApplication::focusWidget();
        QTest::keyClick(focus != nullptr ? focus : &m_window, static_cast<Qt::Key>(key), modifiers);
        return QStringLiteral("key %1%2")
            .arg(modifiers ? QStringLiteral("Ctrl+") : QString())
            .arg(QKeySequence(key).toString());
    }

    // Text into a line edit (the log's filter, the find field, …), or into whatever has focus.
    QString typeText() {
        QList<QLineEdit*> fields;
        for (QLineEdit* e : m_window.findChildren<QLineEdit*>()) {
            if (e->isVisible() && e->isEnabled()) {
                fields << e;
            }
        }
        static const char* const kWords[] = {"q", "billing",  "msg-3",         "acked",
                                             "x", "orders.*", "\u00e9t\u00e9", ""};
        const QString text = QString::fromUtf8(kWords[pick(static_cast<int>(std::size(kWords)))]);
        if (fields.isEmpty()) {
            return QStringLiteral("no field to type in");
        }
        QLineEdit* field = fields[pick(static_cast<int>(fields.size()))];
        field->setFocus();
        for (const QChar c : text) { // as a keyboard types it (QTest::keyClicks takes ASCII)
            QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
            QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
            QApplication::sendEvent(field, &press);
            QApplication::sendEvent(field, &release);
        }
        if (pick(2) == 0) {
            QTest::keyClick(field, Qt::Key_Return);
        }
        return QStringLiteral("type \"%1\" into %2").arg(text, field->objectName());
    }

    QString wheel() {
        QWidget* w = target();
        const QPoint at = somewhereIn(*w);
        const int delta = pick(2) == 0 ? 120 : -120;
        QWheelEvent event(QPointF(at), QPointF(w->mapToGlobal(at)), {}, {0, delta}, Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(w, &event);
        return QStringLiteral("wheel %1 on %2").arg(delta).arg(w->metaObject()->className());
    }

    // Press, move and release on the canvas: drags a node or pans.
    QString dragOnCanvas() {
        QWidget* viewport = m_window.viewWidget(QStringLiteral("topology"))
                                ->findChild<QGraphicsView*>()
                                ->viewport();
        const QPoint from = somewhereIn(*viewport);
        const QPoint to = somewhereIn(*viewport);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, (from + to) / 2);
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        return QStringLiteral("drag on the canvas");
    }

    QString openScenario() {
        const QString path = m_scenarios[pick(static_cast<int>(m_scenarios.size()))];
        m_window.openFile(path); // asks about unsaved interventions: the answer is Cancel
        return QStringLiteral("open ") + QFileInfo(path).fileName();
    }

    MainWindow& m_window;
    SessionController& m_controller;
    QStringList m_scenarios;
    std::mt19937_64 m_random;
};

} // namespace

class MonkeyTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void randomActionsNeitherCrashNorFreezeTheApp() {
        QTemporaryDir dir;
        QStringList scenarios;
        for (const QString& name :
             {QStringLiteral("hello-pubsub.json"), QStringLiteral("retry-queue-backoff.json"),
              QStringLiteral("consumer-maintenance-window.json"),
              QStringLiteral("slow-consumer-overflow.json")}) {
            const QString copy = dir.filePath(name); // saves and layouts land here
            QVERIFY(QFile::copy(test::sourcePath(QStringLiteral("scenarios/") + name), copy));
            scenarios << copy;
        }
        scenarios << test::writeDomainsScenario(dir.path());
        const qint64 seconds = envNumber("EVSIM_MONKEY_SECONDS", 60);
        const auto seed = static_cast<std::uint64_t>(envNumber("EVSIM_MONKEY_SEED", 1));
        const qint64 most = envNumber("EVSIM_MONKEY_ACTIONS", -1);

        test::DialogCatcher dialogs; // every dialog is cancelled as it opens
        SessionController controller;
        MainWindow window(controller);
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(scenarios.first()));

        Monkey monkey(window, controller, scenarios, seed);
        std::deque<QString> recent; // the last actions, for the report
        QElapsedTimer clock;
        clock.start();
        qint64 actions = 0;
        qint64 longest = 0;
        QString longestAction;
        while (most > 0 ? actions < most : clock.elapsed() < seconds * 1000) {
            QElapsedTimer step;
            step.start();
            const QString what = monkey.act();
            QApplication::processEvents();
            const qint64 took = step.elapsed();
            ++actions;
            recent.push_back(what);
            if (recent.size() > 12) {
                recent.pop_front();
            }
            if (took > longest) {
                longest = took;
                longestAction = what;
            }
            if (took > kFrozenMs || !window.isVisible()) {
                QStringList last(recent.begin(), recent.end());
                QFAIL(qPrintable(
                    QStringLiteral(
                        "after %1 actions (seed %2): %3 (%4 ms); the last actions:\n  %5")
                        .arg(actions)
                        .arg(seed)
                        .arg(window.isVisible() ? QStringLiteral("the window froze")
                                                : QStringLiteral("the window closed"))
                        .arg(took)
                        .arg(last.join(QStringLiteral("\n  ")))));
            }
        }
        // On stdout: QtTest stops passing on messages after its warning limit, which the
        // offscreen platform's own warnings reach.
        std::printf("monkey: %lld actions in %lld s (seed %llu, %d dialogs cancelled); the "
                    "longest: %lld ms, %s\n",
                    actions, clock.elapsed() / 1000, static_cast<unsigned long long>(seed),
                    dialogs.seen(), longest, qPrintable(longestAction));
        std::fflush(stdout);
        QVERIFY(actions > 0);
    }
};

EVSIM_GUI_TEST(MonkeyTest, "monkey")
#include "monkey_test.moc"
