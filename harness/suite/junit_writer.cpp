#include "harness/suite/junit_writer.h"

#include "simulator/observe/record.h"
#include "simulator/scenario/printable.h"

#include <fmt/format.h>

namespace evsim {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

// Code points XML 1.0 allows (its production Char), leaving out the three white spaces.
bool xmlChar(char32_t c) {
    return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string attr(std::string_view text) {
    return xmlEscaped(text, true);
}

std::string seconds(double s) {
    return fmt::format("{:.3f}", s < 0 ? 0.0 : s);
}

std::string classNameOf(const std::string& path) {
    std::string out = path;
    const std::size_t slash = out.rfind('/');
    // The extension only: "x.json" and "a/x.json" alike, never a dot in a folder's name.
    if (const std::size_t dot = out.rfind('.');
        dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
        out.resize(dot);
    }
    for (char& c : out) {
        c = c == '/' ? '.' : c;
    }
    return out;
}

void writeSuite(std::string& out, const ItemResult& r) {
    const bool failed = r.status == ItemStatus::Failed;
    const bool error = r.status == ItemStatus::Error || r.status == ItemStatus::Interrupted;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"1\" failures=\"{}\" errors=\"{}\" "
                       "skipped=\"0\" time=\"{}\" file=\"{}\">\n",
                       attr(r.item.path), failed ? 1 : 0, error ? 1 : 0, seconds(r.wallSeconds),
                       attr(r.item.path));
    out += "    <properties>\n";
    const auto property = [&out](std::string_view name, const std::string& value) {
        out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, attr(value));
    };
    property("kind", r.item.kind == SuiteItemKind::Scenario ? "scenario" : "recording");
    if (r.ran) {
        property("seed", std::to_string(r.seed));
        property("digest", formatDigest(r.digest));
        property("virtual_time", formatDuration(r.virtualTime));
    }
    out += "    </properties>\n";
    out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\">\n", attr(r.name),
                       attr(classNameOf(r.item.path)), seconds(r.wallSeconds));
    if (failed || error) {
        std::string detail;
        for (const std::string& p : r.problems) {
            detail += p + "\n";
        }
        const std::string type =
            r.status == ItemStatus::Interrupted ? "Interrupted" : r.problemType;
        out += fmt::format("      <{0} type=\"{1}\" message=\"{2}\">{3}</{0}>\n",
                           failed ? "failure" : "error", attr(type), attr(r.problem),
                           xmlEscaped(detail, false));
    }
    if (!r.expectationLines.empty()) {
        std::string lines;
        for (const std::string& line : r.expectationLines) {
            lines += line + "\n";
        }
        out += "      <system-out>" + xmlEscaped(lines, false) + "</system-out>\n";
    }
    out += "    </testcase>\n  </testsuite>\n";
}

} // namespace

std::string xmlEscaped(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::optional<Utf8Char> c = decodeUtf8(text);
        if (!c) {
            out += kReplacement;
            text.remove_prefix(1);
            continue;
        }
        const std::string_view bytes = text.substr(0, c->length);
        text.remove_prefix(c->length);
        switch (c->value) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\'':
            out += attribute ? "&apos;" : "'";
            break;
        case '\t':
        case '\n':
        case '\r':
            // Attribute values have their white space normalised to spaces unless written
            // as references.
            out +=
                attribute ? fmt::format("&#{};", static_cast<int>(c->value)) : std::string(bytes);
            break;
        default:
            out += xmlChar(c->value) ? bytes : kReplacement;
        }
    }
    return out;
}

std::string junitXml(const std::vector<ItemResult>& results, std::string_view suitesName) {
    std::size_t failures = 0;
    std::size_t errors = 0;
    double total = 0;
    for (const ItemResult& r : results) {
        failures += r.status == ItemStatus::Failed ? 1 : 0;
        errors += r.status == ItemStatus::Error || r.status == ItemStatus::Interrupted ? 1 : 0;
        total += r.wallSeconds;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
                       "time=\"{}\">\n",
                       attr(suitesName), results.size(), failures, errors, seconds(total));
    for (const ItemResult& r : results) {
        writeSuite(out, r);
    }
    out += "</testsuites>\n";
    return out;
}

} // namespace evsim
