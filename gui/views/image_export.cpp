#include "gui/views/image_export.h"

#include "harness/io/output_file.h"

#include <QBuffer>
#include <QPainter>
#include <QPixmap>
#include <QSvgGenerator>
#include <QWidget>

namespace evsim::gui {

Status saveWidgetImage(QWidget& widget, const QString& path) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(widget.size());
        svg.setViewBox(QRect(QPoint(0, 0), widget.size()));
        svg.setTitle(widget.windowTitle());
        QPainter painter(&svg);
        widget.render(&painter);
    } else if (!widget.grab().save(&buffer, "PNG")) {
        return Status::refused("cannot encode the picture");
    }
    return writeWholeFile(path.toStdString(),
                          std::string_view(buffer.data().constData(),
                                           static_cast<std::size_t>(buffer.data().size())));
}

} // namespace evsim::gui
