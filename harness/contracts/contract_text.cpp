#include "harness/contracts/contract_text.h"

#include "harness/io/terminal.h"
#include "simulator/scenario/printable.h"

#include <algorithm>
#include <fmt/format.h>

namespace evsim {
namespace {

void trimRight(std::string& s) {
    while (!s.empty() && s.back() == ' ') {
        s.pop_back();
    }
}

std::string readerLabel(const ContractReader& r) {
    return printable(r.service) + " v" + std::to_string(r.version);
}

std::string cellText(const ContractCell& c) {
    if (c.meet) {
        return c.compatible() ? "ok" : "BREAKS";
    }
    return c.compatible() ? "(ok)" : "(breaks)";
}

void appendRegistry(std::string& out, const EventContracts& e) {
    const std::string mode(compatibilityName(e.schema->compatibility));
    if (e.schema->compatibility == Compatibility::None) {
        out += "  registry  NONE: versions are not checked against each other\n";
        return;
    }
    if (e.registry.empty()) {
        out += "  registry  every version passes " + mode + "\n";
        return;
    }
    for (const ModeViolation& v : e.registry) {
        out += fmt::format("  registry  {} refuses the pair: v{} cannot read what v{} writes\n",
                           mode, v.reader, v.writer);
        for (const SchemaProblem& p : v.problems) {
            out += "              " + printable(describe(p)) + "\n";
        }
    }
}

void appendMatrix(std::string& out, const EventContracts& e) {
    if (e.readers.empty()) {
        out += "  no consumer declares what it reads of it (\"reads\")\n";
        return;
    }
    std::vector<std::size_t> widths;
    for (const ContractReader& r : e.readers) {
        widths.push_back(std::max<std::size_t>(displayWidth(readerLabel(r)), 8));
    }
    out += "\n  " + padRight("", 8);
    for (std::size_t i = 0; i < e.readers.size(); ++i) {
        out += "  " + padRight(readerLabel(e.readers[i]), widths[i]);
    }
    trimRight(out);
    out += "\n";
    for (std::size_t w = 0; w < e.writers.size(); ++w) {
        out += "  " + padRight("v" + std::to_string(e.writers[w].version), 8);
        for (std::size_t i = 0; i < e.readers.size(); ++i) {
            out += "  " + padRight(cellText(e.cells[w][i]), widths[i]);
        }
        trimRight(out);
        out += "\n";
    }
    bool explained = false;
    for (std::size_t w = 0; w < e.writers.size(); ++w) {
        for (std::size_t i = 0; i < e.readers.size(); ++i) {
            const ContractCell& c = e.cells[w][i];
            if (c.compatible()) {
                continue;
            }
            if (!explained) {
                out += "\n";
                explained = true;
            }
            const ContractReader& r = e.readers[i];
            out += fmt::format("  v{} {} {} (reading {}){}:\n", e.writers[w].version,
                               c.meet ? "breaks" : "would break", readerLabel(r),
                               printable(r.source), c.meet ? "" : ", but they never meet");
            for (const SchemaProblem& p : c.problems) {
                out += "      " + printable(describe(p)) + "\n";
            }
        }
    }
}

} // namespace

std::string formatContracts(const ContractReport& report) {
    std::string out;
    if (report.events.empty()) {
        return "the scenario declares no \"schemas\": there are no contracts to check\n";
    }
    for (const EventContracts& e : report.events) {
        out += fmt::format("{} · compatibility {} · versions {}\n", printable(e.schema->eventType),
                           compatibilityName(e.schema->compatibility), e.schema->versionList());
        appendRegistry(out, e);
        for (std::size_t w = 0; w < e.writers.size(); ++w) {
            std::string by;
            for (const std::string& who : e.writers[w].by) {
                by += (by.empty() ? "" : ", ") + printable(who);
            }
            out += fmt::format("  {}  v{} by {}\n", w == 0 ? "writes  " : "        ",
                               e.writers[w].version, by);
        }
        if (e.writers.empty()) {
            out += "  writes    nothing in this scenario\n";
        }
        appendMatrix(out, e);
        out += "\n";
    }
    const std::size_t broken = report.brokenPairs();
    const std::size_t refused = report.refusedVersions();
    if (report.compatible()) {
        out += "contracts: compatible (every reader reads each version it meets; the registry "
               "takes every version)\n";
    } else {
        out += fmt::format("contracts: {} {} incompatible; {} version pair{} the registry "
                           "refuses\n",
                           broken, broken == 1 ? "pair that meets is" : "pairs that meet are",
                           refused, refused == 1 ? "" : "s");
    }
    if (std::any_of(report.events.begin(), report.events.end(), [](const EventContracts& e) {
            return std::any_of(e.cells.begin(), e.cells.end(), [](const auto& row) {
                return std::any_of(row.begin(), row.end(), [](const auto& c) { return !c.meet; });
            });
        })) {
        out += "(in parentheses: the scenario's traffic never brings the two together)\n";
    }
    return out;
}

} // namespace evsim
