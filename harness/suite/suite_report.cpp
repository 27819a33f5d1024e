#include "harness/suite/suite_report.h"

#include "harness/io/terminal.h"
#include "simulator/observe/record.h"
#include "simulator/scenario/printable.h"

#include <algorithm>
#include <fmt/format.h>

namespace evsim {
namespace {

constexpr std::size_t kMaxFileColumn = 60;

struct Row {
    std::string file, result, passed, failed, virtualTime, wall, digest;
};

} // namespace

std::string_view statusWord(ItemStatus status) {
    switch (status) {
    case ItemStatus::Passed:
        return "PASS";
    case ItemStatus::Failed:
        return "FAIL";
    case ItemStatus::Error:
        return "ERROR";
    case ItemStatus::Interrupted:
        return "STOPPED";
    }
    return "?";
}

std::string formatSuiteReport(const std::vector<ItemResult>& results, const Shard& shard,
                              std::size_t totalItems) {
    std::vector<Row> rows;
    rows.push_back({"file", "result", "passed", "failed", "virtual", "wall", "digest"});
    for (const ItemResult& r : results) {
        rows.push_back(
            {shortened(printable(r.item.path), kMaxFileColumn), std::string(statusWord(r.status)),
             r.ran ? std::to_string(r.expectationsPassed) : "-",
             r.ran ? std::to_string(r.expectationsFailed) : "-",
             r.ran ? formatDurationShort(r.virtualTime) : "-",
             fmt::format("{:.2f}s", r.wallSeconds), r.ran ? formatDigest(r.digest) : "-"});
    }
    std::size_t widths[6] = {};
    for (const Row& row : rows) {
        const std::string* cells[6] = {&row.file,   &row.result,      &row.passed,
                                       &row.failed, &row.virtualTime, &row.wall};
        for (std::size_t c = 0; c < 6; ++c) {
            widths[c] = std::max(widths[c], displayWidth(*cells[c]));
        }
    }
    std::string out;
    if (!shard.whole()) {
        out += fmt::format("shard {}/{}: {} of {} items\n", shard.index, shard.count,
                           results.size(), totalItems);
    }
    for (const Row& row : rows) {
        out += padRight(row.file, widths[0] + 2) + padRight(row.result, widths[1] + 2);
        // Numbers are right-aligned, as in `evsim run`'s tables.
        for (const auto& [cell, width] :
             {std::pair{&row.passed, widths[2]}, std::pair{&row.failed, widths[3]},
              std::pair{&row.virtualTime, widths[4]}, std::pair{&row.wall, widths[5]}}) {
            out += std::string(width - displayWidth(*cell), ' ') + *cell + "  ";
        }
        out += row.digest + "\n";
    }

    std::size_t counts[4] = {};
    for (const ItemResult& r : results) {
        ++counts[static_cast<std::size_t>(r.status)];
        if (r.status == ItemStatus::Passed || r.status == ItemStatus::Interrupted) {
            continue;
        }
        out += fmt::format("\n{} {}\n", statusWord(r.status), printable(r.item.path));
        for (const std::string& problem : r.problems) {
            // A load error's hint is on a line of its own: each line is escaped apart.
            std::size_t start = 0;
            for (std::size_t end = problem.find('\n');; end = problem.find('\n', start)) {
                out += "  " + printable(problem.substr(start, end - start)) + "\n";
                if (end == std::string::npos) {
                    break;
                }
                start = end + 1;
            }
        }
    }
    out += fmt::format("\ntests: {} passed, {} failed, {} errors", counts[0], counts[1], counts[2]);
    if (counts[3] > 0) {
        out += fmt::format(", {} not finished (interrupted)", counts[3]);
    }
    out += "\n";
    return out;
}

} // namespace evsim
