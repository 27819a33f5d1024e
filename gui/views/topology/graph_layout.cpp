#include "gui/views/topology/graph_layout.h"

#include <QLineF>
#include <algorithm>
#include <cmath>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <string>

namespace evsim::gui {
namespace {

// Graphviz measures in points (1/72 inch) with y growing upwards; the scene uses pixels with
// y growing downwards. One scene unit is one point.
constexpr double kPointsPerInch = 72.0;

// Graphviz's API takes char* for names and values it never changes.
char* cstr(const char* text) {
    return const_cast<char*>(text); // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

void set(void* object, const char* name, const std::string& value) {
    agsafeset(object, cstr(name), cstr(value.c_str()), cstr(""));
}

std::string inches(double points) {
    return std::to_string(points / kPointsPerInch);
}

// Everything on a grid, for when the engine fails: never fatal, only plain.
LayoutResult gridLayout(const LayoutInput& input, const QString& error) {
    LayoutResult result;
    result.error = error;
    const int columns = std::max(1, static_cast<int>(std::ceil(std::sqrt(input.nodes.size()))));
    double rowHeight = 0;
    double x = 0;
    double y = 0;
    for (std::size_t i = 0; i < input.nodes.size(); ++i) {
        const QSizeF size = input.nodes[i].size;
        if (i > 0 && i % static_cast<std::size_t>(columns) == 0) {
            x = 0;
            y += rowHeight + 40;
            rowHeight = 0;
        }
        result.centres.emplace_back(x + size.width() / 2, y + size.height() / 2);
        result.bounds |= QRectF(QPointF(x, y), size);
        x += size.width() + 40;
        rowHeight = std::max(rowHeight, size.height());
    }
    result.edges.resize(input.edges.size());
    return result;
}

// Frees what Graphviz allocated, whatever way the function leaves.
struct GraphvizSession {
    GVC_t* context = gvContext();
    Agraph_t* graph = nullptr;
    bool laidOut = false;
    GraphvizSession() = default;
    GraphvizSession(const GraphvizSession&) = delete;
    GraphvizSession& operator=(const GraphvizSession&) = delete;
    ~GraphvizSession() {
        if (graph != nullptr) {
            if (laidOut) {
                gvFreeLayout(context, graph);
            }
            agclose(graph);
        }
        gvFreeContext(context);
    }
};

} // namespace

LayoutResult layoutGraph(const LayoutInput& input) {
    if (input.nodes.empty()) {
        return {};
    }
    agseterr(AGERR); // warnings (such as "node too small for its label") are not ours to show
    GraphvizSession gv;
    if (gv.context == nullptr) {
        return gridLayout(input, QStringLiteral("Graphviz could not start"));
    }
    gv.graph = agopen(cstr("topology"), Agdirected, nullptr);
    Agraph_t* g = gv.graph;
    set(g, "rankdir", "LR");
    set(g, "nodesep", "0.35");
    set(g, "ranksep", inches(input.columnGap));
    set(g, "splines", "spline");
    // Network simplex rounds: dot's defaults take long on big graphs for little gain.
    set(g, "nslimit", "4");
    set(g, "mclimit", "0.5");

    Agraph_t* cluster = nullptr;
    const bool anyInCluster = std::any_of(input.nodes.begin(), input.nodes.end(),
                                          [](const LayoutInput::Node& n) { return n.inCluster; });
    if (anyInCluster) {
        cluster = agsubg(g, cstr("cluster_main"), 1);
        // The cluster's label is drawn by the caller; this reserves room for it.
        set(cluster, "margin", std::to_string(static_cast<int>(input.clusterMargin)));
    }

    std::vector<Agnode_t*> nodes;
    nodes.reserve(input.nodes.size());
    for (std::size_t i = 0; i < input.nodes.size(); ++i) {
        const LayoutInput::Node& spec = input.nodes[i];
        // Appended, not "n" + to_string(i): with enough inlined around it, GCC 12 at -O3
        // warns falsely (stringop-overflow) about that form, and warnings are errors here.
        std::string name = "n";
        name += std::to_string(i);
        Agnode_t* n = agnode(g, cstr(name.c_str()), 1);
        set(n, "shape", "box");
        set(n, "fixedsize", "true");
        set(n, "label", "");
        set(n, "width", inches(spec.size.width()));
        set(n, "height", inches(spec.size.height()));
        if (spec.inCluster && cluster != nullptr) {
            agsubnode(cluster, n, 1);
        }
        nodes.push_back(n);
    }
    std::vector<Agedge_t*> edges;
    edges.reserve(input.edges.size());
    for (std::size_t i = 0; i < input.edges.size(); ++i) {
        const LayoutInput::Edge& spec = input.edges[i];
        if (spec.from < 0 || spec.to < 0 || static_cast<std::size_t>(spec.from) >= nodes.size() ||
            static_cast<std::size_t>(spec.to) >= nodes.size()) {
            edges.push_back(nullptr);
            continue;
        }
        std::string name = "e"; // appended: see above
        name += std::to_string(i);
        Agedge_t* e = agedge(g, nodes[static_cast<std::size_t>(spec.from)],
                             nodes[static_cast<std::size_t>(spec.to)], cstr(name.c_str()), 1);
        set(e, "arrowhead", "none");
        if (!spec.ranks) {
            set(e, "constraint", "false");
        }
        edges.push_back(e);
    }

    if (gvLayout(gv.context, g, "dot") != 0) {
        return gridLayout(input, QStringLiteral("Graphviz could not lay the graph out"));
    }
    gv.laidOut = true;

    const boxf bb = GD_bb(g);
    const auto toScene = [&bb](pointf p) {
        return QPointF(p.x - bb.LL.x, bb.UR.y - p.y);
    };

    LayoutResult result;
    result.bounds = QRectF(0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);
    for (Agnode_t* n : nodes) {
        result.centres.push_back(toScene(ND_coord(n)));
    }
    for (Agedge_t* e : edges) {
        std::vector<QPointF>& route = result.edges.emplace_back();
        if (e == nullptr || ED_spl(e) == nullptr || ED_spl(e)->size < 1) {
            continue;
        }
        const bezier& b = ED_spl(e)->list[0];
        route.reserve(static_cast<std::size_t>(b.size));
        for (int k = 0; k < b.size; ++k) {
            route.push_back(toScene(b.list[k]));
        }
        // An edge dot drew against its rank order comes back from its head to its tail.
        if (agtail(e) != aghead(e) && !route.empty()) {
            const QPointF tailCentre = toScene(ND_coord(agtail(e)));
            if (QLineF(route.back(), tailCentre).length() <
                QLineF(route.front(), tailCentre).length()) {
                std::reverse(route.begin(), route.end());
            }
        }
    }
    if (cluster != nullptr) {
        const boxf cb = GD_bb(cluster);
        result.cluster = QRectF(toScene(cb.LL), toScene(cb.UR)).normalized();
    }
    return result;
}

} // namespace evsim::gui
