#include "harness/query/loss_report.h"

#include <fmt/format.h>

namespace evsim {

const LossCause* LossReport::cause(std::string_view name) const {
    for (const LossCause& c : causes) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

std::string LossReport::causesText() const {
    std::string text;
    for (const LossCause& c : causes) {
        text += text.empty() ? "" : ", ";
        text += std::to_string(c.count) + " " + c.name + " (e.g.";
        for (std::size_t i = 0; i < c.examples.size(); ++i) {
            text += (i ? ", msg-" : " msg-") + std::to_string(c.examples[i]);
        }
        text += ")";
    }
    return text;
}

LossReport lossReport(const LossTally& losses) {
    LossReport report;
    report.total = losses.total();
    for (std::size_t r = 1; r < kDropReasonCount; ++r) {
        const auto reason = static_cast<DropReason>(r);
        const LossTally::Cause& c = losses[reason];
        if (c.count == 0) {
            continue;
        }
        LossCause cause{reason, std::string(dropReasonName(reason)), c.count, {}};
        cause.examples.assign(c.examples.begin(), c.examples.begin() + c.exampleCount);
        report.causes.push_back(std::move(cause));
    }
    return report;
}

std::string accountingText(const Conservation& k) {
    return fmt::format(
        "{} unaccounted ({} published: {} on the wire, {} lost on the way, {} unroutable, {} "
        "refused with a channel error, {} routed into {} queue copies: {} acked, {} dropped, {} "
        "dead-lettered, {} held)",
        k.unaccounted(), k.published, k.inPublishHop, k.lostOnTheWay, k.unroutable, k.channelErrors,
        k.routedMessages, k.copies, k.acked, k.dropped, k.deadLettered, k.held);
}

} // namespace evsim
