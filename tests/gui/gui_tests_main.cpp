// gui_tests NAME [QtTest options]: runs the app's test class registered as NAME (see
// EVSIM_GUI_TEST), as QTEST_MAIN would run it alone.
#include "tests/gui/gui_test_support.h"

#include <QApplication>
#include <QTest>
#include <cstdio>
#include <memory>
#include <vector>

int main(int argc, char** argv) {
    QApplication app(argc, argv); // takes Qt's own options, such as -platform
    app.setAttribute(Qt::AA_Use96Dpi, true);
    using evsim::gui::test::findTest;
    const evsim::gui::test::TestMaker make =
        argc > 1 ? findTest(QString::fromLocal8Bit(argv[1])) : nullptr;
    if (make == nullptr) {
        std::fprintf(stderr, "usage: %s NAME [QtTest options], NAME one of: %s\n", argv[0],
                     qPrintable(evsim::gui::test::testNames().join(QStringLiteral(", "))));
        return 2;
    }
    // Each test keeps its settings apart: ctest runs two at once, and one closing its window
    // would otherwise overwrite the window state another is checking.
    QApplication::setApplicationName(QStringLiteral("gui_tests-") +
                                     QString::fromLocal8Bit(argv[1]));
    std::vector<char*> args{argv[0]};
    args.insert(args.end(), argv + 2, argv + argc);
    const std::unique_ptr<QObject> test(make());
    return QTest::qExec(test.get(), static_cast<int>(args.size()), args.data());
}
