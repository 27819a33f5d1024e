// File › Export: the trace formats, the topology and AsyncAPI, written by the app as the
// command line writes them.
#include "gui/app/run_export.h"
#include "gui/control/session_controller.h"
#include "harness/session/run_data.h"
#include "simulator/engine/trace_context.h"
#include "tests/gui/gui_test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace evsim;
using namespace evsim::gui;

namespace {

const QString kSaga = QStringLiteral("scenarios/saga-choreography.json");

QByteArray contentsOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

} // namespace

class RunExportTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theFilesAreThoseTheCliWrites() {
        QTemporaryDir dir;
        QProcess evsim;
        evsim.start(QStringLiteral(EVSIM_CLI),
                    {QStringLiteral("run"), test::sourcePath(kSaga), QStringLiteral("--quiet"),
                     QStringLiteral("--trace"), dir.filePath(QStringLiteral("cli.jsonl")),
                     QStringLiteral("--mermaid"), dir.filePath(QStringLiteral("cli.mmd")),
                     QStringLiteral("--dot"), dir.filePath(QStringLiteral("cli.dot"))});
        QVERIFY(evsim.waitForFinished(120'000));
        QCOMPARE(evsim.exitCode(), 0);

        SessionController controller;
        QVERIFY(test::openAndFinish(controller, kSaga));
        std::vector<std::string> notes;
        const QString otlp = dir.filePath(QStringLiteral("app.jsonl"));
        QVERIFY(exportTrace(controller.session(), otlp, TraceFormat::Otlp, {}, notes).ok());
        QCOMPARE(contentsOf(otlp), contentsOf(dir.filePath(QStringLiteral("cli.jsonl"))));
        const QString mermaid = dir.filePath(QStringLiteral("app.mmd"));
        QVERIFY(exportTrace(controller.session(), mermaid, TraceFormat::Mermaid, {}, notes).ok());
        QCOMPARE(contentsOf(mermaid), contentsOf(dir.filePath(QStringLiteral("cli.mmd"))));
        const QString dot = dir.filePath(QStringLiteral("app.dot"));
        QVERIFY(exportTopologyDot(controller.session(), dot).ok());
        QCOMPARE(contentsOf(dot), contentsOf(dir.filePath(QStringLiteral("cli.dot"))));
        QVERIFY(notes.empty());

        const QString chrome = dir.filePath(QStringLiteral("app.json"));
        QVERIFY(exportTrace(controller.session(), chrome, TraceFormat::Chrome, {}, notes).ok());
        const QJsonDocument events = QJsonDocument::fromJson(contentsOf(chrome));
        QVERIFY(events.object().value(QStringLiteral("traceEvents")).isArray());
    }

    void theDiagramIsOfTheSelectedMessagesTrace() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, kSaga));
        QTemporaryDir dir;
        std::vector<std::string> notes;
        const QString first = dir.filePath(QStringLiteral("first.mmd"));
        const QString later = dir.filePath(QStringLiteral("later.mmd"));
        QVERIFY(exportTrace(controller.session(), first, TraceFormat::Mermaid, {}, notes).ok());
        // Message 300's trace, by the id its envelope carries.
        const RunData& data = controller.data();
        const Message* m = data.message(300);
        QVERIFY(m != nullptr);
        std::string error;
        const std::optional<TraceId> trace =
            parseTraceId(traceContextOf(data.seed(), *m, data.publisherOf(300)).traceId, error);
        QVERIFY(trace.has_value());
        QVERIFY(exportTrace(controller.session(), later, TraceFormat::Mermaid, trace, notes).ok());
        const QByteArray a = contentsOf(first);
        const QByteArray b = contentsOf(later);
        QVERIFY2(a.contains("publish OrderPlaced evt-1\n"), a.constData());
        QVERIFY2(b.startsWith("sequenceDiagram\n"), b.constData());
        // Its own hops are in it (the event id is message 300's), the first trace's are not.
        QVERIFY2(b.contains(QStringLiteral(" evt-%1\n").arg(m->eventId).toUtf8()), b.constData());
        QVERIFY2(!b.contains("evt-1\n"), "the selected message's trace, not the first one");
    }

    void asyncApiWritesOneDocumentPerService() {
        SessionController controller;
        QVERIFY(test::openAndFinish(controller, kSaga));
        QTemporaryDir dir;
        const QString into = dir.filePath(QStringLiteral("api/docs"));
        QStringList written;
        const AsyncApiFiles files = asyncApiFiles(controller.session(), into);
        QVERIFY(writeAsyncApi(controller.session(), into, files, written).ok());
        QCOMPARE(written, files.paths);
        QCOMPARE(written.size(), 5); // order, payment, inventory, shipping, notifications
        for (const QString& path : written) {
            const QJsonObject doc = QJsonDocument::fromJson(contentsOf(path)).object();
            QCOMPARE(doc.value(QStringLiteral("asyncapi")).toString(), QStringLiteral("3.0.0"));
        }
        // A folder that is a file: refused, with the reason.
        QFile blocker(dir.filePath(QStringLiteral("taken")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        written.clear();
        const Status refused =
            writeAsyncApi(controller.session(), blocker.fileName(),
                          asyncApiFiles(controller.session(), blocker.fileName()), written);
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.why()).contains(QStringLiteral("taken")),
                 refused.why().c_str());
        QVERIFY(written.isEmpty());
    }
};

EVSIM_GUI_TEST(RunExportTest, "run_export")
#include "run_export_test.moc"
