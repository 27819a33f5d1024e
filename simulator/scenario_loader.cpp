#include "scenario_loader.h"

#include "did_you_mean.h"
#include "json_source_map.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

// Two layers: ValueReader turns JSON values into typed values (durations, distributions,
// ranges, ...) and reports located errors; Loader walks the document section by section and
// checks the references between names. nlohmann stays inside this file.

namespace evsim {
namespace {

using Json = nlohmann::json;
using Keys = std::span<const std::string_view>;

// Past this many, more errors mostly repeat one mistake; compilers stop too.
constexpr std::size_t kMaxErrors = 100;
// Reading stops once this many are collected, so that a huge broken file costs little. They
// are collected roughly in file order, so the first kMaxErrors by position are among them.
constexpr std::size_t kCollectedErrors = 10 * kMaxErrors;
// No scenario comes near this; it bounds the memory a hostile file can cost (tens of bytes of
// document and source map per byte of text).
constexpr std::size_t kMaxTextBytes = std::size_t{16} << 20;
constexpr std::string_view kUnitHint = "durations need a unit: ns, us, ms, s, m, h";

constexpr std::array<std::string_view, 10> kTopKeys{"$schema",  "name",   "description", "seed",
                                                    "duration", "broker", "services",    "network",
                                                    "timeline", "expect"};
constexpr std::array<std::string_view, 3> kBrokerKeys{"exchanges", "queues", "bindings"};
constexpr std::array<std::string_view, 2> kExchangeKeys{"name", "type"};
constexpr std::array<std::string_view, 1> kQueueKeys{"name"};
constexpr std::array<std::string_view, 3> kBindingKeys{"exchange", "queue", "key"};
constexpr std::array<std::string_view, 4> kServiceKeys{"name", "instances", "produces", "consumes"};
constexpr std::array<std::string_view, 9> kProducerKeys{
    "event", "version", "exchange", "routing_key", "rate", "gap", "count", "start", "body"};
constexpr std::array<std::string_view, 7> kConsumerKeys{
    "queue", "prefetch", "processing", "ack", "failure_probability", "on_failure", "emits"};
constexpr std::array<std::string_view, 4> kEmitKeys{"event", "version", "exchange", "routing_key"};
constexpr std::array<std::string_view, 2> kNetworkKeys{"latency", "links"};
constexpr std::array<std::string_view, 3> kLinkKeys{"from", "to", "latency"};
constexpr std::array<std::string_view, 2> kTimelineKeys{"at", "publish"};
constexpr std::array<std::string_view, 6> kPublishKeys{"service", "exchange", "routing_key",
                                                       "event",   "version",  "body"};
constexpr std::array<std::string_view, 2> kRangeKeys{"min", "max"};
constexpr std::array<std::string_view, 3> kSubjects{"queue", "consumer", "no_loss"};
constexpr std::array<std::string_view, 7> kQueueMetrics{
    "published", "delivered", "acked", "requeued", "dropped", "max_depth", "latency"};
constexpr std::array<std::string_view, 2> kConsumerMetrics{"processed", "failed"};
constexpr std::array<std::string_view, 12> kExpectKeys{
    "queue",    "consumer", "no_loss",   "published", "delivered", "acked",
    "requeued", "dropped",  "max_depth", "latency",   "processed", "failed"};
constexpr std::array<std::string_view, 6> kDistributions{"constant", "uniform",   "exponential",
                                                         "normal",   "lognormal", "empirical"};

// --- Text for messages --------------------------------------------------------------------

// Invalid UTF-8 becomes \xNN, so that a message is always printable text.
std::string sanitize(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80         ? 1
                                : (b >> 5) == 6  ? 2
                                : (b >> 4) == 14 ? 3
                                : (b >> 3) == 30 ? 4
                                                 : 0;
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) {
            valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        }
        if (valid) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", b);
            out += buf;
            ++i;
        }
    }
    return out;
}

// A user's string in double quotes with JSON escapes, cut after 60 bytes so one silly value
// cannot flood the output.
std::string quote(std::string_view s) {
    std::string out = "\"";
    std::size_t i = 0;
    for (; i < s.size() && i < 60; ++i) {
        const char c = s[i];
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
        out += s[i++]; // finish the character we are in
    }
    return out + (i < s.size() ? "…\"" : "\"");
}

std::string numberText(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// "the string \"10\"", "an object": what a value is, for "expected X, got Y".
std::string describe(const Json& v) {
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
        return "the number " + std::to_string(v.get<std::int64_t>());
    case Json::value_t::number_unsigned:
        return "the number " + std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_float:
        return "the number " + numberText(v.get<double>());
    case Json::value_t::string:
        return "the string " + quote(v.get_ref<const std::string&>());
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a value";
    }
}

// `"a", "b" or "c"`.
template <typename Names> std::string listOf(const Names& names, std::size_t limit = 12) {
    std::string out;
    const std::size_t n = std::min<std::size_t>(names.size(), limit);
    for (std::size_t i = 0; i < n; ++i) {
        out += (i == 0 ? "" : i + 1 == n && n == names.size() ? " or " : ", ");
        out += quote(std::string_view(names[i]));
    }
    return n < names.size() ? out + ", …" : out;
}

// How a message names the value at `path`: "prefetch" for a member, services[0] for an element.
std::string label(std::string_view path) {
    std::size_t end = path.size();
    while (end > 0 && path[end - 1] == ']') {
        const std::size_t open = path.rfind('[', end - 1);
        if (open == std::string_view::npos || path[open + 1] == '"') {
            break;
        }
        end = open;
    }
    const std::string tail(path.substr(end));
    if (end <= 1) {
        return "the top level" + tail;
    }
    std::string_view key;
    if (path[end - 1] == ']') {
        const std::size_t open = path.rfind("[\"", end);
        key = path.substr(open + 2, end - open - 4); // keeps its JSON escapes
    } else {
        const std::size_t dot = path.rfind('.', end);
        key = path.substr(dot + 1, end - dot - 1);
    }
    return tail.empty() ? "\"" + std::string(key) + "\"" : std::string(key) + tail;
}

bool isWholeNumber(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789.") == std::string_view::npos;
}

// For a duration string that does not parse: the fix when it is a familiar slip ("5 ms",
// "5sec", "2 minutes"), otherwise the rule.
std::string durationHint(std::string_view text) {
    std::string compact(text);
    compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
    const std::size_t split = compact.find_first_not_of("0123456789.");
    const std::string_view number = std::string_view(compact).substr(0, split);
    std::string unit = split == std::string::npos ? "" : compact.substr(split);
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    if (parseDuration(compact)) {
        return "did you mean \"" + compact + "\"? durations have no spaces";
    }
    // The real units come first, so that "5MS" becomes "5ms".
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kAliases{{
        {"ns", "ns"},     {"us", "us"},
        {"ms", "ms"},     {"s", "s"},
        {"m", "m"},       {"h", "h"},
        {"nsec", "ns"},   {"nanos", "ns"},
        {"usec", "us"},   {"µs", "us"},
        {"micros", "us"}, {"msec", "ms"},
        {"millis", "ms"}, {"milliseconds", "ms"},
        {"sec", "s"},     {"secs", "s"},
        {"second", "s"},  {"seconds", "s"},
        {"min", "m"},     {"mins", "m"},
        {"minute", "m"},  {"minutes", "m"},
        {"hr", "h"},      {"hrs", "h"},
        {"hour", "h"},    {"hours", "h"},
    }};
    for (const auto& [alias, real] : kAliases) {
        const std::string fixed = std::string(number) + std::string(real);
        if (unit == alias && parseDuration(fixed)) {
            return "did you mean \"" + fixed + "\"?";
        }
    }
    return "a duration is a number and a unit, e.g. \"250us\", \"5ms\" or \"1.5s\"; units: ns, "
           "us, ms, s, m, h";
}

// --- Parsing -------------------------------------------------------------------------------

// Builds the document like nlohmann's own DOM parser, but also refuses nesting deeper than
// JsonSourceMap::kMaxDepth and keeps the byte position of a syntax error.
class DomBuilder : public nlohmann::json_sax<Json> {
public:
    explicit DomBuilder(Json& root) : m_root(root) {}

    bool null() override { return add(Json(nullptr)); }
    bool boolean(bool v) override { return add(Json(v)); }
    bool number_integer(number_integer_t v) override { return add(Json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return add(Json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return add(Json(v)); }
    bool string(string_t& v) override { return add(Json(std::move(v))); }
    bool binary(binary_t&) override { return false; } // JSON text has no binary values
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool key(string_t& k) override {
        m_key = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token,
                     const Json::exception& ex) override {
        error = {position, token, ex.what(), ex.id};
        return false;
    }

    // What nlohmann reported: the count of bytes read when it failed, the token it was
    // reading, its message and exception id.
    struct Error {
        std::size_t position = 0;
        std::string token;
        std::string message;
        int id = 0;
    };
    Error error;
    bool tooDeep = false;

private:
    Json* place(Json v) {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        Json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        Json& slot = parent[m_key]; // a repeated key keeps the last value, as nlohmann does
        slot = std::move(v);
        return &slot;
    }
    bool add(Json v) {
        place(std::move(v));
        return true;
    }
    bool open(Json v) {
        if (m_stack.size() >= static_cast<std::size_t>(JsonSourceMap::kMaxDepth)) {
            tooDeep = true;
            return false;
        }
        // Only the innermost container grows, so pointers to the open ones stay valid.
        m_stack.push_back(place(std::move(v)));
        return true;
    }
    bool close() {
        m_stack.pop_back();
        return true;
    }

    Json& m_root;
    std::vector<Json*> m_stack;
    std::string m_key;
};

// Reads typed values out of a parsed document. Each reader reports what is wrong as a located
// LoadError and returns nullopt (or false), so that callers go on and one pass finds every
// independent mistake.
class ValueReader {
public:
    ValueReader(std::string_view text, const std::string& file) : m_file(file), m_map(text) {}

protected:
    void report(SourcePosition at, std::string path, std::string message, std::string hint) {
        if (m_errors.size() < kCollectedErrors) {
            m_errors.push_back(
                {m_file, at.line, at.column, std::move(path), sanitize(message), sanitize(hint)});
        }
    }
    bool enough() const { return m_errors.size() >= kCollectedErrors; }
    void fail(const std::string& path, std::string message, std::string hint = {}) {
        report(m_map.locate(path), path, std::move(message), std::move(hint));
    }
    // For problems with a key itself (unknown, misplaced): points at the key, not its value.
    void failAtKey(const std::string& path, std::string message, std::string hint = {}) {
        const auto key = m_map.keyAt(path);
        report(key ? *key : m_map.locate(path), path, std::move(message), std::move(hint));
    }
    std::string lineOf(const std::string& path) const {
        const SourcePosition p = m_map.locate(path);
        return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
    }
    static std::string at(const std::string& path, std::string_view key) {
        return JsonSourceMap::memberPath(path, key);
    }

    // An object whose keys are all in `keys` (unknown keys are reported, and it still counts).
    bool isObject(const Json& v, const std::string& path, Keys keys);
    bool isArray(const Json& v, const std::string& path);
    bool isString(const Json& v, const std::string& path);
    const Json* require(const Json& obj, const std::string& path, std::string_view key);
    // Calls each(element, path) for every element of the array obj[key], if there is one.
    template <typename Each>
    void forEach(const Json& obj, const std::string& path, std::string_view key, Each each);

    std::optional<std::string> readString(const Json& v, const std::string& path,
                                          bool nonEmpty = false);
    std::optional<std::uint64_t> readInteger(const Json& v, const std::string& path,
                                             std::uint64_t min, std::uint64_t max);
    std::optional<double> readProbability(const Json& v, const std::string& path);
    std::optional<SimTime> readDuration(const Json& v, const std::string& path);
    std::optional<Rate> readRate(const Json& v, const std::string& path);
    // One of `choices`; `what` names the kind in messages ("ack mode").
    std::optional<std::string_view> readChoice(const Json& v, const std::string& path,
                                               std::string_view what, Keys choices);
    std::optional<Distribution> readDistribution(const Json& v, const std::string& path);
    std::optional<Distribution> readEmpirical(const Json& v, const std::string& path);
    // A count (exact) or { "min", "max" } of counts, or with `durations` of durations in ns.
    std::optional<Range> readRange(const Json& v, const std::string& path, bool durations);

    std::string m_file;
    JsonSourceMap m_map;
    std::vector<LoadError> m_errors;
};

struct NameTable {
    std::map<std::string, std::string, std::less<>> paths; // name -> where it was declared
    std::vector<std::string> names;                        // declaration order, for hints
    bool complete = true; // false when an entry's name could not be read
    bool has(std::string_view n) const { return paths.find(n) != paths.end(); }
};

// What producers, emits and timeline publishes share.
struct Publication {
    std::string event;
    int version = 1;
    std::string exchange;
    std::string routingKey;
};

// Walks the document into a Scenario. Reading order matters only for references: the broker
// before everything that names its exchanges and queues, services before links and
// expectations, the duration before the timeline.
class Loader : private ValueReader {
public:
    Loader(std::string_view text, const std::string& file)
        : ValueReader(text, file), m_text(text) {}
    LoadResult<Scenario> run();

private:
    bool parse(Json& doc);
    void syntaxError(const DomBuilder& sax);

    void declare(NameTable& table, const std::string& name, const std::string& path,
                 std::string_view what);
    bool checkName(const NameTable& table, const std::string& name, const std::string& path,
                   std::string_view what, std::string_view declaredIn);
    void checkRoute(const Json& obj, const std::string& path, const std::string& exchange,
                    const std::string& routingKey);

    void readTop(const Json& doc);
    void readBroker(const Json& v, const std::string& path);
    void readService(const Json& v, const std::string& path);
    Publication readPublication(const Json& v, const std::string& path);
    void readProducer(const Json& v, const std::string& path, ServiceSpec& service);
    void readConsumer(const Json& v, const std::string& path, ServiceSpec& service);
    void readNetwork(const Json& v, const std::string& path);
    void readLink(const Json& v, const std::string& path);
    void readTimelineEntry(const Json& v, const std::string& path);
    void readExpectation(const Json& v, const std::string& path);
    void readLatency(const Json& v, const std::string& path, const std::string& queue);

    std::string_view m_text;
    Scenario m_scenario;
    bool m_durationKnown = true;
    NameTable m_exchanges;
    NameTable m_queues;
    NameTable m_services;
    std::set<std::string, std::less<>> m_consumingServices;
    std::map<std::pair<std::string, std::string>, std::string> m_links;
};

// --- Parsing and the top level ------------------------------------------------------------

bool Loader::parse(Json& doc) {
    // nlohmann stops reading at a NUL byte as if the file ended there; refuse it instead, so
    // that what follows is never silently ignored.
    if (const std::size_t nul = m_text.find('\0'); nul != std::string_view::npos) {
        report(JsonSourceMap::positionOf(m_text, nul), "", "the file contains a NUL byte",
               "a scenario is UTF-8 text; was a binary file given?");
        return false;
    }
    DomBuilder sax(doc);
    if (Json::sax_parse(m_text.begin(), m_text.end(), &sax, Json::input_format_t::json,
                        /*strict=*/true, /*ignore_comments=*/true)) {
        return true;
    }
    const auto& problem = m_map.problem();
    using Kind = JsonSourceMap::Problem::Kind;
    if (problem && problem->kind == Kind::Empty) {
        report({1, 1}, "", "the file is empty",
               "a scenario is a JSON object such as { \"name\": \"demo\", \"services\": [] }");
    } else if (sax.tooDeep) {
        const SourcePosition where =
            problem && problem->kind == Kind::TooDeep ? problem->position : SourcePosition{1, 1};
        report(where, "",
               "nesting is deeper than " + std::to_string(JsonSourceMap::kMaxDepth) + " levels",
               "");
    } else {
        syntaxError(sax);
    }
    return false;
}

// nlohmann's words, without its "[json.exception...] parse error at line 1, column 2: " prefix
// (our columns count characters and skip a byte order mark), plus a hint for common slips.
void Loader::syntaxError(const DomBuilder& sax) {
    std::string message = sax.error.message;
    message.erase(0, message.find("] ") == std::string::npos ? 0 : message.find("] ") + 2);
    const std::size_t located = message.find(", column ");
    if (message.rfind("parse error at line ", 0) == 0 && located != std::string::npos) {
        message.erase(0, message.find(": ", located) + 2);
    }
    if (const std::size_t dash = message.find(" - "); dash != std::string::npos) {
        message.replace(dash, 3, ": ");
    }
    const std::string& token = sax.error.token;
    if (const std::size_t t = message.find(token); token.size() > 40 && t != std::string::npos) {
        std::size_t keep = token.size() - 30;
        while (keep < token.size() && (static_cast<unsigned char>(token[keep]) & 0xC0) == 0x80) {
            ++keep; // start the kept tail on a whole character
        }
        message.replace(t, token.size(), "…" + token.substr(keep));
    }
    const auto has = [&](std::string_view part) {
        return message.find(part) != std::string::npos;
    };
    std::size_t offset =
        std::min(sax.error.position > 0 ? sax.error.position - 1 : 0, m_text.size());
    SourcePosition where = JsonSourceMap::positionOf(m_text, offset);
    if (sax.error.id == 406) { // number overflow: point at the number, not after it
        offset = sax.error.position >= token.size() ? sax.error.position - token.size() : 0;
        where = JsonSourceMap::positionOf(m_text, offset);
        message = "number out of range: " + token;
    } else if (has("missing closing '*/'")) {
        message = "a /* comment is never closed";
        const auto& problem = m_map.problem();
        where = problem && problem->message == "unterminated comment" ? problem->position : where;
    }
    std::size_t before = offset;
    while (before > 0 &&
           std::string_view(" \t\r\n").find(m_text[before - 1]) != std::string::npos) {
        --before;
    }
    std::string hint;
    if ((has("unexpected '}'") || has("unexpected ']'")) && before > 0 &&
        m_text[before - 1] == ',') {
        hint = "remove the trailing comma; JSON does not allow one";
    } else if (offset < m_text.size() && m_text[offset] == '\'') {
        hint = "JSON strings and keys use double quotes";
    } else if (has("parsing object key") && has("invalid literal")) {
        hint = "keys must be strings in double quotes, e.g. \"name\"";
    } else if (has("; expected end of input")) {
        hint = "the scenario object ended before this; remove the extra text or check the braces";
    } else if (has("unexpected end of input")) {
        hint = "an object or array is never closed";
    } else if (has("control character U+000A")) {
        hint = "a string must end on the line where it starts; is a closing quote missing?";
    } else if (has("ill-formed UTF-8")) {
        hint = "save the file as UTF-8";
    } else if (has("unexpected") && (has("expected '}'") || has("expected ']'"))) {
        hint = "is a comma missing before it?";
    }
    report(where, "", message, hint);
}

LoadResult<Scenario> Loader::run() {
    Json doc;
    if (parse(doc)) {
        if (!doc.is_object()) {
            fail("$", "the top level must be an object, got " + describe(doc),
                 "a scenario is a JSON object such as { \"name\": \"demo\", \"services\": [] }");
        } else {
            for (const auto& d : m_map.duplicateKeys()) {
                report(d.second, d.path, "duplicate key " + label(d.path),
                       "it is also set at line " + std::to_string(d.first.line) + ", column " +
                           std::to_string(d.first.column) + "; a key may appear once per object");
            }
            readTop(doc);
        }
    }
    LoadResult<Scenario> result;
    if (m_errors.empty()) {
        m_scenario.sourceFile = m_file;
        result.value = std::move(m_scenario);
        return result;
    }
    // Reported in reading order; shown in file order, which is how people fix them.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError& a, const LoadError& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    if (m_errors.size() > kMaxErrors) {
        m_errors.resize(kMaxErrors);
        m_errors.push_back(
            {m_file, 0, 0, "", "too many errors; stopped after " + std::to_string(kMaxErrors), ""});
    }
    result.errors = std::move(m_errors);
    return result;
}

void Loader::readTop(const Json& doc) {
    const std::string root = "$";
    isObject(doc, root, kTopKeys);
    if (const Json* v = doc.contains("$schema") ? &doc["$schema"] : nullptr) {
        readString(*v, at(root, "$schema"));
    }
    if (const Json* v = require(doc, root, "name")) {
        m_scenario.name = readString(*v, at(root, "name"), true).value_or("");
    }
    if (doc.contains("description")) {
        m_scenario.description =
            readString(doc["description"], at(root, "description")).value_or("");
    }
    if (doc.contains("seed")) {
        m_scenario.seed = readInteger(doc["seed"], at(root, "seed"), 0, UINT64_MAX).value_or(1);
    }
    if (doc.contains("duration")) {
        const auto d = readDuration(doc["duration"], at(root, "duration"));
        if (d && *d == SimTime::zero()) {
            fail(at(root, "duration"), "\"duration\" must be greater than 0");
        }
        m_durationKnown = d && *d > SimTime::zero();
        m_scenario.duration = d.value_or(m_scenario.duration);
    }
    if (doc.contains("broker")) {
        readBroker(doc["broker"], at(root, "broker"));
    }
    // Services first collect their names, so that links and expectations can refer to them.
    m_services.complete = !doc.contains("services") || doc["services"].is_array();
    forEach(doc, root, "services", [&](const Json& v, const std::string& p) { readService(v, p); });
    if (doc.contains("network")) {
        readNetwork(doc["network"], at(root, "network"));
    }
    forEach(doc, root, "timeline",
            [&](const Json& v, const std::string& p) { readTimelineEntry(v, p); });
    forEach(doc, root, "expect",
            [&](const Json& v, const std::string& p) { readExpectation(v, p); });
}

// --- Shapes and plain values ----------------------------------------------------------------

bool ValueReader::isObject(const Json& v, const std::string& path, Keys keys) {
    if (!v.is_object()) {
        fail(path, label(path) + " must be an object, got " + describe(v));
        return false;
    }
    for (const auto& [key, value] : v.items()) {
        if (enough()) {
            break;
        }
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string hint = didYouMean(key, keys);
            failAtKey(at(path, key), "unknown key " + quote(key),
                      hint.empty() ? "allowed keys here: " + listOf(keys) : hint);
        }
    }
    return true;
}

bool ValueReader::isArray(const Json& v, const std::string& path) {
    if (!v.is_array()) {
        fail(path, label(path) + " must be an array, got " + describe(v));
    }
    return v.is_array();
}

bool ValueReader::isString(const Json& v, const std::string& path) {
    if (!v.is_string()) {
        fail(path, label(path) + " must be a string, got " + describe(v));
    }
    return v.is_string();
}

const Json* ValueReader::require(const Json& obj, const std::string& path, std::string_view key) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        fail(path, "missing required key " + quote(key));
        return nullptr;
    }
    return &*it;
}

template <typename Each>
void ValueReader::forEach(const Json& obj, const std::string& path, std::string_view key,
                          Each each) {
    const auto it = obj.find(key);
    if (it == obj.end() || !isArray(*it, at(path, key))) {
        return;
    }
    for (std::size_t i = 0; i < it->size() && !enough(); ++i) {
        each((*it)[i], JsonSourceMap::elementPath(at(path, key), i));
    }
}

std::optional<std::string> ValueReader::readString(const Json& v, const std::string& path,
                                                   bool nonEmpty) {
    if (!isString(v, path)) {
        return std::nullopt;
    }
    if (nonEmpty && v.get_ref<const std::string&>().empty()) {
        fail(path, label(path) + " must not be empty");
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<std::uint64_t> ValueReader::readInteger(const Json& v, const std::string& path,
                                                      std::uint64_t min, std::uint64_t max) {
    const std::string what = label(path);
    const auto tooSmall = [&](const std::string& got) {
        fail(path, min == 0 ? what + " cannot be negative, got " + got
                            : what + " must be at least " + std::to_string(min) + ", got " + got);
        return std::nullopt;
    };
    std::uint64_t n = 0;
    if (v.is_number_unsigned()) {
        n = v.get<std::uint64_t>();
    } else if (v.is_number_integer()) {
        const std::int64_t i = v.get<std::int64_t>(); // negative, or "-0"
        if (i < 0) {
            return tooSmall(std::to_string(i));
        }
        n = static_cast<std::uint64_t>(i);
    } else if (v.is_number_float()) {
        // 2.0 is an integer (as in JSON Schema); nlohmann gives numbers beyond 64 bits as floats.
        const double d = v.get<double>();
        if (d != std::floor(d)) {
            fail(path, what + " must be an integer, got " + describe(v));
            return std::nullopt;
        }
        if (d < 0) {
            return tooSmall(numberText(d));
        }
        if (d >= 18446744073709551616.0) {
            fail(path, what + " must be at most " + std::to_string(max) + ", got " + numberText(d));
            return std::nullopt;
        }
        n = static_cast<std::uint64_t>(d);
    } else {
        std::string hint;
        const std::string_view digits =
            v.is_string() ? std::string_view(v.get_ref<const std::string&>()) : std::string_view();
        if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
            hint = "write " + v.get<std::string>() + " without quotes";
        }
        fail(path, what + " must be an integer, got " + describe(v), hint);
        return std::nullopt;
    }
    if (n < min) {
        return tooSmall(std::to_string(n));
    }
    if (n > max) {
        fail(path, what + " must be at most " + std::to_string(max) + ", got " + std::to_string(n));
        return std::nullopt;
    }
    return n;
}

std::optional<double> ValueReader::readProbability(const Json& v, const std::string& path) {
    if (!v.is_number()) {
        fail(path,
             label(path) + " must be a probability (a number from 0 to 1), got " + describe(v));
        return std::nullopt;
    }
    const double p = v.get<double>();
    if (!(p >= 0 && p <= 1)) {
        fail(path, label(path) + " must be between 0 and 1, got " + numberText(p),
             p > 1 && p <= 100 && p == std::floor(p)
                 ? "a probability is a fraction: write " + numberText(p / 100) + " for " +
                       numberText(p) + "%"
                 : "");
        return std::nullopt;
    }
    return p;
}

std::optional<SimTime> ValueReader::readDuration(const Json& v, const std::string& path) {
    const std::string what = label(path);
    if (v.is_number()) {
        const double d = v.get<double>();
        if (d == 0) {
            return SimTime::zero(); // 0 needs no unit
        }
        const std::string text = v.is_number_float() ? numberText(d) : v.dump();
        if (d < 0) {
            fail(path, what + " cannot be negative, got " + text);
        } else {
            fail(path, what + " has no unit: " + text,
                 "write \"" + text + "ms\" — " + std::string(kUnitHint));
        }
        return std::nullopt;
    }
    if (!v.is_string()) {
        fail(path, what + " must be a duration such as \"5ms\", got " + describe(v));
        return std::nullopt;
    }
    const std::string& text = v.get_ref<const std::string&>();
    if (const auto d = parseDuration(text)) {
        return d;
    }
    const std::size_t digits = text.find_first_not_of("0123456789.");
    const std::string unit = digits == std::string::npos ? "" : text.substr(digits);
    const double unitNanos = unit == "ns"   ? 1
                             : unit == "us" ? 1e3
                             : unit == "ms" ? 1e6
                             : unit == "s"  ? 1e9
                             : unit == "m"  ? 6e10
                             : unit == "h"  ? 3.6e12
                                            : 0;
    const bool knownUnit = unitNanos > 0;
    double number = 0;
    const auto parsed =
        std::from_chars(text.data(), text.data() + std::min(digits, text.size()), number);
    const bool numberOk = digits > 0 && parsed.ec == std::errc{} &&
                          parsed.ptr == text.data() + std::min(digits, text.size());
    if (!text.empty() && text[0] == '-') {
        fail(path, what + " cannot be negative, got " + quote(text));
    } else if (digits == std::string::npos && numberOk) {
        fail(path, what + " has no unit: " + quote(text),
             "write \"" + text + "ms\" — " + std::string(kUnitHint));
    } else if (numberOk && knownUnit && number * unitNanos < 9e18) {
        fail(path, what + " is finer than a nanosecond: " + quote(text),
             "durations are whole nanoseconds");
    } else if (numberOk && knownUnit) {
        fail(path, what + " is too large: " + quote(text),
             "the longest duration is about 292 years");
    } else {
        fail(path, what + " is not a duration: " + quote(text), durationHint(text));
    }
    return std::nullopt;
}

std::optional<Rate> ValueReader::readRate(const Json& v, const std::string& path) {
    const std::string what = label(path);
    if (!v.is_string()) {
        fail(path, what + " must be a rate such as \"200/s\", got " + describe(v),
             v.is_number() ? "write \"" + v.dump() + "/s\"" : "");
        return std::nullopt;
    }
    const std::string& text = v.get_ref<const std::string&>();
    if (const auto r = parseRate(text)) {
        if (1e9 / r->perSecond < 9e18) {
            return r;
        }
        fail(path, what + " is too slow: " + quote(text),
             "the longest gap between events is about 292 years");
        return std::nullopt;
    }
    const std::size_t slash = text.find('/');
    double count = 0;
    const auto parsed =
        std::from_chars(text.data(), text.data() + std::min(slash, text.size()), count);
    const bool counted = slash != std::string::npos && parsed.ptr == text.data() + slash &&
                         parsed.ec == std::errc{} && parseRate("1" + text.substr(slash));
    if (counted && !(count > 0)) {
        fail(path, what + " must be greater than 0, got " + quote(text));
    } else if (counted) {
        fail(path, what + " is faster than one event per nanosecond: " + quote(text));
    } else {
        const bool bare = !text.empty() && parsed.ptr == text.data() + text.size();
        fail(path, what + " is not a rate: " + quote(text),
             bare ? "write \"" + text + "/s\""
                  : "a rate is a count per unit of time, e.g. \"200/s\" or \"0.5/ms\"");
    }
    return std::nullopt;
}

std::optional<std::string_view> ValueReader::readChoice(const Json& v, const std::string& path,
                                                        std::string_view what, Keys choices) {
    if (!isString(v, path)) {
        return std::nullopt;
    }
    const std::string& s = v.get_ref<const std::string&>();
    const auto it = std::find(choices.begin(), choices.end(), s);
    if (it != choices.end()) {
        return *it;
    }
    const std::string hint = didYouMean(s, choices);
    fail(path, "unknown " + std::string(what) + " " + quote(s),
         hint.empty() ? "expected " + listOf(choices) : hint);
    return std::nullopt;
}

// --- Distributions and ranges -------------------------------------------------------------

std::optional<Distribution> ValueReader::readDistribution(const Json& v, const std::string& path) {
    if (v.is_string() || v.is_number()) {
        const auto d = readDuration(v, path);
        return d ? std::optional(Distribution::constant(*d)) : std::nullopt;
    }
    if (!v.is_object()) {
        fail(path, label(path) + " must be a duration or a distribution object, got " + describe(v),
             "e.g. \"5ms\" or { \"dist\": \"exponential\", \"mean\": \"5ms\" }");
        return std::nullopt;
    }
    const Json* distValue = require(v, path, "dist");
    const std::string distPath = at(path, "dist");
    if (!distValue) {
        return std::nullopt;
    }
    if (distValue->is_string() && distValue->get_ref<const std::string&>() == "gaussian") {
        fail(distPath, "unknown distribution \"gaussian\"", "did you mean \"normal\"?");
        return std::nullopt;
    }
    const auto dist = readChoice(*distValue, distPath, "distribution", kDistributions);
    if (!dist) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 2> kConstant{"dist", "value"};
    static constexpr std::array<std::string_view, 3> kUniform{"dist", "min", "max"};
    static constexpr std::array<std::string_view, 2> kExponential{"dist", "mean"};
    static constexpr std::array<std::string_view, 3> kNormal{"dist", "mean", "stddev"};
    static constexpr std::array<std::string_view, 3> kLogNormal{"dist", "median", "p99"};
    static constexpr std::array<std::string_view, 2> kEmpirical{"dist", "table"};
    const Keys keys = *dist == "constant"      ? Keys(kConstant)
                      : *dist == "uniform"     ? Keys(kUniform)
                      : *dist == "exponential" ? Keys(kExponential)
                      : *dist == "normal"      ? Keys(kNormal)
                      : *dist == "lognormal"   ? Keys(kLogNormal)
                                               : Keys(kEmpirical);
    isObject(v, path, keys);
    if (*dist == "empirical") {
        return readEmpirical(v, path);
    }
    // The parameters, in the order of `keys`; all are required durations.
    std::array<std::optional<SimTime>, 2> p;
    bool complete = true;
    for (std::size_t i = 1; i < keys.size(); ++i) {
        if (const Json* value = require(v, path, keys[i])) {
            p[i - 1] = readDuration(*value, at(path, keys[i]));
        }
        complete = complete && p[i - 1].has_value();
    }
    if (!complete) {
        return std::nullopt;
    }
    const auto notBelow = [&](std::size_t hi, std::size_t lo) {
        if (*p[hi - 1] >= *p[lo - 1]) {
            return true;
        }
        fail(at(path, keys[hi]), quote(keys[hi]) + " (" + formatDuration(*p[hi - 1]) +
                                     ") is less than " + quote(keys[lo]) + " (" +
                                     formatDuration(*p[lo - 1]) + ")");
        return false;
    };
    const auto positive = [&](std::size_t i) {
        if (*p[i - 1] > SimTime::zero()) {
            return true;
        }
        fail(at(path, keys[i]),
             "the " + std::string(*dist) + " " + std::string(keys[i]) + " must be greater than 0");
        return false;
    };
    if (*dist == "constant") {
        return Distribution::constant(*p[0]);
    }
    if (*dist == "uniform") {
        return notBelow(2, 1) ? std::optional(Distribution::uniform(*p[0], *p[1])) : std::nullopt;
    }
    if (*dist == "exponential") {
        return positive(1) ? std::optional(Distribution::exponential(*p[0])) : std::nullopt;
    }
    if (*dist == "normal") {
        return Distribution::normal(*p[0], *p[1]);
    }
    const bool ok = positive(1) && notBelow(2, 1);
    return ok ? std::optional(Distribution::logNormal(*p[0], *p[1])) : std::nullopt;
}

std::optional<Distribution> ValueReader::readEmpirical(const Json& v, const std::string& path) {
    const Json* table = require(v, path, "table");
    const std::string tablePath = at(path, "table");
    if (!table || !isArray(*table, tablePath)) {
        return std::nullopt;
    }
    if (table->empty()) {
        fail(tablePath, "an empirical table needs at least one point",
             "e.g. [[0.5, \"1ms\"], [1.0, \"5ms\"]]: half the values up to 1ms, all up to 5ms");
        return std::nullopt;
    }
    std::vector<Distribution::CdfPoint> points;
    bool ok = true;
    for (std::size_t i = 0; i < table->size() && !enough(); ++i) {
        const Json& entry = (*table)[i];
        const std::string entryPath = JsonSourceMap::elementPath(tablePath, i);
        if (!entry.is_array() || entry.size() != 2) {
            fail(entryPath, label(entryPath) + " must be a [probability, duration] pair, got " +
                                describe(entry));
            ok = false;
            continue;
        }
        const std::string pPath = JsonSourceMap::elementPath(entryPath, 0);
        const std::string vPath = JsonSourceMap::elementPath(entryPath, 1);
        const auto p = readProbability(entry[0], pPath);
        const auto value = readDuration(entry[1], vPath);
        if (!p || !value) {
            ok = false;
            continue;
        }
        if (!points.empty() && *p <= points.back().probability) {
            fail(pPath,
                 "probability " + numberText(*p) + " is not above the one before it (" +
                     numberText(points.back().probability) + ")",
                 "an empirical table is a cumulative distribution: probabilities strictly rise");
            ok = false;
        } else if (!points.empty() && *value < points.back().value) {
            fail(vPath,
                 "value " + formatDuration(*value) + " is less than the one before it (" +
                     formatDuration(points.back().value) + ")",
                 "an empirical table is a cumulative distribution: values never decrease");
            ok = false;
        }
        points.push_back({*p, *value});
    }
    if (ok && points.back().probability != 1.0) {
        const std::string last =
            JsonSourceMap::elementPath(JsonSourceMap::elementPath(tablePath, table->size() - 1), 0);
        fail(last, "the last probability must be 1, got " + numberText(points.back().probability),
             "end the table with the largest value, e.g. [1.0, \"20ms\"]");
        ok = false;
    }
    return ok ? std::optional(Distribution::empirical(std::move(points))) : std::nullopt;
}

std::optional<Range> ValueReader::readRange(const Json& v, const std::string& path,
                                            bool durations) {
    const auto bound = [&](const Json& b, const std::string& p) -> std::optional<std::int64_t> {
        if (durations) {
            const auto d = readDuration(b, p);
            return d ? std::optional(d->nanos()) : std::nullopt;
        }
        const auto n = readInteger(b, p, 0, INT64_MAX);
        return n ? std::optional(static_cast<std::int64_t>(*n)) : std::nullopt;
    };
    const auto text = [&](std::int64_t n) {
        return durations ? formatDuration(SimTime::fromNanos(n)) : std::to_string(n);
    };
    if (v.is_number() && !durations) {
        const auto exact = bound(v, path);
        return exact ? std::optional(Range{exact, exact}) : std::nullopt;
    }
    if (!v.is_object()) {
        fail(path,
             label(path) +
                 (durations ? " must be a { \"min\", \"max\" } range of durations"
                            : " must be a count or a { \"min\", \"max\" } range") +
                 ", got " + describe(v),
             durations ? "e.g. { \"max\": \"50ms\" }" : "");
        return std::nullopt;
    }
    isObject(v, path, kRangeKeys);
    Range r;
    bool ok = true;
    for (const std::string_view key : kRangeKeys) {
        if (const auto it = v.find(key); it != v.end()) {
            const auto n = bound(*it, at(path, key));
            (key == "min" ? r.min : r.max) = n;
            ok = ok && n;
        }
    }
    if (ok && !r.min && !r.max) {
        fail(path, "a range needs \"min\", \"max\" or both");
        return std::nullopt;
    }
    if (ok && r.min && r.max && *r.max < *r.min) {
        fail(at(path, "max"),
             "\"max\" (" + text(*r.max) + ") is less than \"min\" (" + text(*r.min) + ")");
        return std::nullopt;
    }
    return ok ? std::optional(r) : std::nullopt;
}

// --- Names and references ----------------------------------------------------------------

void Loader::declare(NameTable& table, const std::string& name, const std::string& path,
                     std::string_view what) {
    const auto [it, fresh] = table.paths.emplace(name, path);
    if (!fresh) {
        fail(path, "duplicate " + std::string(what) + " name " + quote(name),
             "first declared at " + lineOf(it->second));
        return;
    }
    table.names.push_back(name);
}

bool Loader::checkName(const NameTable& table, const std::string& name, const std::string& path,
                       std::string_view what, std::string_view declaredIn) {
    // A broken section already has its own errors; guessing what it meant would only add noise.
    if (!table.complete || table.has(name)) {
        return true;
    }
    std::string hint = didYouMean(name, table.names);
    if (hint.empty()) {
        hint =
            table.names.empty()
                ? "no " + std::string(what) + " is declared; add it to " + std::string(declaredIn)
                : "declared " + std::string(what) + "s: " + listOf(table.names, 8);
    }
    fail(path, "unknown " + std::string(what) + " " + quote(name), hint);
    return false;
}

// A publish goes to a declared exchange, or to the default exchange "" which delivers straight
// to the queue its routing key names.
void Loader::checkRoute(const Json& obj, const std::string& path, const std::string& exchange,
                        const std::string& routingKey) {
    if (!exchange.empty()) {
        checkName(m_exchanges, exchange, at(path, "exchange"), "exchange", "broker.exchanges");
        return;
    }
    if (!m_queues.complete || m_queues.has(routingKey)) {
        return;
    }
    if (!obj.contains("routing_key")) {
        fail(path, "the default exchange (\"\") needs a \"routing_key\" naming a queue");
        return;
    }
    std::string hint = didYouMean(routingKey, m_queues.names);
    fail(at(path, "routing_key"),
         "the default exchange (\"\") delivers to the queue named by \"routing_key\", and there "
         "is no queue " +
             quote(routingKey),
         hint.empty() ? "declare the queue in broker.queues, or publish to a named exchange"
                      : hint);
}

// --- Sections ------------------------------------------------------------------------------

void Loader::readBroker(const Json& v, const std::string& path) {
    if (!isObject(v, path, kBrokerKeys)) {
        m_exchanges.complete = m_queues.complete = false;
        return;
    }
    m_exchanges.complete = !v.contains("exchanges") || v["exchanges"].is_array();
    m_queues.complete = !v.contains("queues") || v["queues"].is_array();
    static constexpr std::array<std::string_view, 2> kTypes{"direct", "fanout"};
    forEach(v, path, "exchanges", [&](const Json& e, const std::string& p) {
        const Json* name = isObject(e, p, kExchangeKeys) ? require(e, p, "name") : nullptr;
        const auto n = name ? readString(*name, at(p, "name"), true) : std::nullopt;
        if (!n) {
            m_exchanges.complete = false;
            return;
        }
        declare(m_exchanges, *n, at(p, "name"), "exchange");
        const Json* type = require(e, p, "type");
        if (type && type->is_string() && (*type == "topic" || *type == "headers")) {
            fail(at(p, "type"),
                 "exchange type " + quote(type->get<std::string>()) + " is not supported yet",
                 "use \"direct\" or \"fanout\"");
            return;
        }
        const auto t =
            type ? readChoice(*type, at(p, "type"), "exchange type", kTypes) : std::nullopt;
        if (t) {
            m_scenario.broker.exchanges.push_back(
                {*n, *t == "direct" ? ExchangeType::Direct : ExchangeType::Fanout});
        }
    });
    forEach(v, path, "queues", [&](const Json& q, const std::string& p) {
        const Json* name = isObject(q, p, kQueueKeys) ? require(q, p, "name") : nullptr;
        const auto n = name ? readString(*name, at(p, "name"), true) : std::nullopt;
        if (!n) {
            m_queues.complete = false;
            return;
        }
        declare(m_queues, *n, at(p, "name"), "queue");
        m_scenario.broker.queues.push_back({*n});
    });
    forEach(v, path, "bindings", [&](const Json& b, const std::string& p) {
        if (!isObject(b, p, kBindingKeys)) {
            return;
        }
        BindingSpec spec;
        if (const Json* x = require(b, p, "exchange")) {
            spec.exchange = readString(*x, at(p, "exchange"), true).value_or("");
            if (!spec.exchange.empty()) {
                checkName(m_exchanges, spec.exchange, at(p, "exchange"), "exchange",
                          "broker.exchanges");
            }
        }
        if (const Json* q = require(b, p, "queue")) {
            spec.queue = readString(*q, at(p, "queue"), true).value_or("");
            if (!spec.queue.empty()) {
                checkName(m_queues, spec.queue, at(p, "queue"), "queue", "broker.queues");
            }
        }
        if (b.contains("key")) {
            spec.key = readString(b["key"], at(p, "key")).value_or("");
        }
        m_scenario.broker.bindings.push_back(std::move(spec));
    });
}

void Loader::readService(const Json& v, const std::string& path) {
    if (!isObject(v, path, kServiceKeys)) {
        m_services.complete = false;
        return;
    }
    ServiceSpec service;
    const Json* name = require(v, path, "name");
    const auto n = name ? readString(*name, at(path, "name"), true) : std::nullopt;
    if (n && *n == "broker") {
        fail(at(path, "name"), "service name \"broker\" is reserved",
             "network links use \"broker\" for the broker itself; pick another name");
    } else if (n) {
        declare(m_services, *n, at(path, "name"), "service");
    } else {
        m_services.complete = false;
    }
    service.name = n.value_or("");
    if (v.contains("instances")) {
        service.instances = static_cast<std::uint32_t>(
            readInteger(v["instances"], at(path, "instances"), 1, UINT32_MAX).value_or(1));
    }
    forEach(v, path, "produces",
            [&](const Json& e, const std::string& p) { readProducer(e, p, service); });
    forEach(v, path, "consumes",
            [&](const Json& e, const std::string& p) { readConsumer(e, p, service); });
    // From the document, not from what was read: a broken consumer is still a consumer.
    if (const auto c = v.find("consumes"); n && c != v.end() && c->is_array() && !c->empty()) {
        m_consumingServices.insert(*n);
    }
    m_scenario.services.push_back(std::move(service));
}

Publication Loader::readPublication(const Json& v, const std::string& path) {
    Publication pub;
    const Json* event = require(v, path, "event");
    pub.event = (event ? readString(*event, at(path, "event"), true) : std::nullopt).value_or("");
    if (v.contains("version")) {
        pub.version = static_cast<int>(
            readInteger(v["version"], at(path, "version"), 1, INT_MAX).value_or(1));
    }
    std::optional<std::string> routingKey = "";
    if (v.contains("routing_key")) {
        routingKey = readString(v["routing_key"], at(path, "routing_key"));
    }
    const Json* exchange = require(v, path, "exchange");
    const auto x = exchange ? readString(*exchange, at(path, "exchange")) : std::nullopt;
    if (x && routingKey) {
        checkRoute(v, path, *x, *routingKey);
    }
    pub.exchange = x.value_or("");
    pub.routingKey = routingKey.value_or("");
    return pub;
}

void Loader::readProducer(const Json& v, const std::string& path, ServiceSpec& service) {
    if (!isObject(v, path, kProducerKeys)) {
        return;
    }
    const Publication pub = readPublication(v, path);
    ProducerSpec spec;
    spec.eventType = pub.event;
    spec.schemaVersion = pub.version;
    spec.exchange = pub.exchange;
    spec.routingKey = pub.routingKey;
    if (v.contains("count")) {
        spec.count = readInteger(v["count"], at(path, "count"), 1, UINT64_MAX);
    }
    if (v.contains("rate") && v.contains("gap")) {
        failAtKey(at(path, "gap"), "\"rate\" and \"gap\" are both set; give only one",
                  "\"rate\": \"200/s\" is the same as \"gap\": \"5ms\"");
    } else if (v.contains("rate")) {
        const auto r = readRate(v["rate"], at(path, "rate"));
        spec.gap = Distribution::constant(r ? r->gap() : SimTime::zero());
    } else if (v.contains("gap")) {
        const auto g = readDistribution(v["gap"], at(path, "gap"));
        // A gap that is always 0 would publish without end at one instant and time would stop.
        // (A normal distribution with mean 0 still gives positive gaps half the time.)
        if (g && g->kind() != Distribution::Kind::Normal && g->meanNanos() <= 0 &&
            !v.contains("count")) {
            fail(at(path, "gap"), "\"gap\" is always 0, so the producer would never let time pass",
                 "give a \"count\" for a burst, or a gap above 0");
        }
        spec.gap = g.value_or(Distribution());
    } else {
        fail(path, "missing \"rate\" or \"gap\"",
             "e.g. \"rate\": \"200/s\" for a steady stream, or \"gap\": { \"dist\": "
             "\"exponential\", \"mean\": \"5ms\" } for Poisson arrivals");
    }
    if (v.contains("start")) {
        spec.start = readDuration(v["start"], at(path, "start")).value_or(SimTime::zero());
    }
    if (v.contains("body")) {
        spec.body = v["body"].dump();
    }
    service.produces.push_back(std::move(spec));
}

void Loader::readConsumer(const Json& v, const std::string& path, ServiceSpec& service) {
    if (!isObject(v, path, kConsumerKeys)) {
        return;
    }
    static constexpr std::array<std::string_view, 2> kAcks{"manual", "auto"};
    static constexpr std::array<std::string_view, 2> kActions{"requeue", "reject"};
    ConsumerSpec spec;
    if (const Json* q = require(v, path, "queue")) {
        spec.queue = readString(*q, at(path, "queue"), true).value_or("");
        if (!spec.queue.empty()) {
            checkName(m_queues, spec.queue, at(path, "queue"), "queue", "broker.queues");
        }
    }
    if (v.contains("prefetch")) {
        spec.prefetch = static_cast<std::uint32_t>(
            readInteger(v["prefetch"], at(path, "prefetch"), 0, UINT32_MAX).value_or(0));
    }
    if (v.contains("processing")) {
        spec.processing =
            readDistribution(v["processing"], at(path, "processing")).value_or(Distribution());
    }
    if (v.contains("ack")) {
        const auto a = readChoice(v["ack"], at(path, "ack"), "ack mode", kAcks);
        spec.ack = a == "auto" ? AckMode::Auto : AckMode::Manual;
    }
    if (v.contains("failure_probability")) {
        spec.failureProbability =
            readProbability(v["failure_probability"], at(path, "failure_probability")).value_or(0);
    }
    if (v.contains("on_failure")) {
        const auto a =
            readChoice(v["on_failure"], at(path, "on_failure"), "failure action", kActions);
        spec.onFailure = a == "reject" ? FailureAction::Reject : FailureAction::Requeue;
    }
    forEach(v, path, "emits", [&](const Json& e, const std::string& p) {
        if (isObject(e, p, kEmitKeys)) {
            const Publication pub = readPublication(e, p);
            spec.emits.push_back({pub.event, pub.version, pub.exchange, pub.routingKey});
        }
    });
    service.consumes.push_back(std::move(spec));
}

void Loader::readNetwork(const Json& v, const std::string& path) {
    if (!isObject(v, path, kNetworkKeys)) {
        return;
    }
    if (v.contains("latency")) {
        m_scenario.network.latency =
            readDistribution(v["latency"], at(path, "latency")).value_or(Distribution());
    }
    forEach(v, path, "links", [&](const Json& e, const std::string& p) { readLink(e, p); });
}

void Loader::readLink(const Json& v, const std::string& path) {
    if (!isObject(v, path, kLinkKeys)) {
        return;
    }
    LinkSpec link;
    const Json* from = require(v, path, "from");
    const Json* to = require(v, path, "to");
    const auto f = from ? readString(*from, at(path, "from"), true) : std::nullopt;
    const auto t = to ? readString(*to, at(path, "to"), true) : std::nullopt;
    if (const Json* latency = require(v, path, "latency")) {
        link.latency = readDistribution(*latency, at(path, "latency")).value_or(Distribution());
    }
    if (!f || !t) {
        return;
    }
    link.from = *f;
    link.to = *t;
    if (*f == "broker" && *t == "broker") {
        fail(at(path, "to"), "a link cannot go from the broker to itself");
    } else if (*f != "broker" && *t != "broker") {
        static constexpr std::array<std::string_view, 1> kBroker{"broker"};
        std::string hint = didYouMean(*t, kBroker);
        hint = hint.empty() ? didYouMean(*f, kBroker) : hint;
        fail(path,
             "a link joins a service and the broker, but neither \"from\" nor \"to\" is "
             "\"broker\"",
             hint.empty() ? "services talk to each other only through the broker" : hint);
    } else {
        const std::string side = *f == "broker" ? "to" : "from";
        checkName(m_services, side == "to" ? *t : *f, at(path, side), "service", "services");
        const auto [it, fresh] = m_links.emplace(std::pair(*f, *t), path);
        if (!fresh) {
            fail(path, "duplicate link from " + quote(*f) + " to " + quote(*t),
                 "first declared at " + lineOf(it->second));
        }
    }
    m_scenario.network.links.push_back(std::move(link));
}

void Loader::readTimelineEntry(const Json& v, const std::string& path) {
    if (!isObject(v, path, kTimelineKeys)) {
        return;
    }
    Intervention entry;
    if (const Json* when = require(v, path, "at")) {
        entry.at = readDuration(*when, at(path, "at")).value_or(SimTime::zero());
        if (m_durationKnown && entry.at > m_scenario.duration) {
            fail(at(path, "at"), "\"at\" (" + formatDuration(entry.at) +
                                     ") is after the end of the run (\"duration\" is " +
                                     formatDuration(m_scenario.duration) + ")");
        }
    }
    const Json* publish = require(v, path, "publish");
    const std::string p = at(path, "publish");
    if (!publish || !isObject(*publish, p, kPublishKeys)) {
        return;
    }
    const Publication pub = readPublication(*publish, p);
    PublishMessage message{"", pub.exchange, pub.routingKey, pub.event, pub.version, "{}"};
    if (publish->contains("service")) {
        message.service = readString((*publish)["service"], at(p, "service")).value_or("");
    }
    if (publish->contains("body")) {
        message.body = (*publish)["body"].dump();
    }
    entry.action = std::move(message);
    m_scenario.timeline.push_back(std::move(entry));
}

// "p99.9" -> 99.9; nullopt unless "p" and a number in (0, 100].
std::optional<double> percentileOf(std::string_view key) {
    if (key.size() < 2 || key[0] != 'p' || !isWholeNumber(key.substr(1))) {
        return std::nullopt;
    }
    double p = 0;
    const auto r = std::from_chars(key.data() + 1, key.data() + key.size(), p);
    if (r.ec != std::errc{} || r.ptr != key.data() + key.size() || !(p > 0 && p <= 100)) {
        return std::nullopt;
    }
    return p;
}

void Loader::readExpectation(const Json& v, const std::string& path) {
    if (!isObject(v, path, kExpectKeys)) {
        return;
    }
    std::vector<std::string_view> subjects;
    for (const std::string_view s : kSubjects) {
        if (v.contains(s)) {
            subjects.push_back(s);
        }
    }
    if (subjects.empty()) {
        fail(path, "an expectation needs a subject: \"queue\", \"consumer\" or \"no_loss\"");
        return;
    }
    if (subjects.size() > 1) {
        failAtKey(at(path, subjects[1]),
                  "an expectation has one subject, but " + quote(subjects[0]) + " and " +
                      quote(subjects[1]) + " are both set",
                  "split it into one expectation per subject");
        return;
    }
    const std::string_view subject = subjects[0];
    const Keys metrics = subject == "queue"      ? Keys(kQueueMetrics)
                         : subject == "consumer" ? Keys(kConsumerMetrics)
                                                 : Keys();
    bool any = false;
    for (const std::string_view key : std::span(kExpectKeys).subspan(kSubjects.size())) {
        const bool allowed = std::find(metrics.begin(), metrics.end(), key) != metrics.end();
        any = any || (allowed && v.contains(key));
        if (v.contains(key) && !allowed) {
            failAtKey(at(path, key),
                      quote(key) + " is not a metric of a " + std::string(subject) + " expectation",
                      metrics.empty()
                          ? "\"no_loss\" stands alone; put " + quote(key) +
                                " in an expectation on a queue or a consumer"
                          : "a " + std::string(subject) + " expectation checks " + listOf(metrics));
        }
    }
    const std::string subjectPath = at(path, subject);
    const Json& value = v[std::string(subject)];
    if (subject == "no_loss") {
        if (!value.is_boolean()) {
            fail(subjectPath, "\"no_loss\" must be true, got " + describe(value));
        } else if (!value.get<bool>()) {
            fail(subjectPath, "\"no_loss\" must be true",
                 "leave the expectation out to not check it");
        }
        m_scenario.expectations.push_back(
            {Expectation::Kind::NoLoss, "", "no_loss", 0, Range{}, subjectPath});
        return;
    }
    const auto name = readString(value, subjectPath, true);
    if (name && subject == "queue") {
        checkName(m_queues, *name, subjectPath, "queue", "broker.queues");
    } else if (name && checkName(m_services, *name, subjectPath, "service", "services") &&
               m_services.complete && !m_consumingServices.contains(*name)) {
        fail(subjectPath, "service " + quote(*name) + " consumes no queue",
             "\"processed\" and \"failed\" count the messages a service consumes");
    }
    if (!any) {
        fail(path, "this expectation checks nothing", "add one of " + listOf(metrics));
    }
    for (const std::string_view metric : metrics) {
        if (!v.contains(metric) || metric == "latency") {
            continue;
        }
        const auto kind = subject == "consumer"   ? Expectation::Kind::ConsumerCount
                          : metric == "max_depth" ? Expectation::Kind::MaxDepth
                                                  : Expectation::Kind::QueueCount;
        const std::string p = at(path, metric);
        const auto range = readRange(v[std::string(metric)], p, false);
        m_scenario.expectations.push_back(
            {kind, name.value_or(""), std::string(metric), 0, range.value_or(Range{}), p});
    }
    if (v.contains("latency")) {
        readLatency(v["latency"], at(path, "latency"), name.value_or(""));
    }
}

void Loader::readLatency(const Json& v, const std::string& path, const std::string& queue) {
    if (!v.is_object() || v.empty()) {
        fail(path,
             label(path) + " must be an object of percentiles, got " +
                 (v.is_object() ? std::string("an empty one") : describe(v)),
             "e.g. \"latency\": { \"p99\": { \"max\": \"50ms\" } }");
        return;
    }
    std::vector<Expectation> found;
    for (const auto& [key, range] : v.items()) {
        if (enough()) {
            break;
        }
        const std::string p = at(path, key);
        const auto percentile = percentileOf(key);
        if (!percentile) {
            failAtKey(
                p, "invalid percentile " + quote(key),
                "write \"p\" and a number above 0 and up to 100: \"p50\", \"p99\", \"p99.9\"");
            continue;
        }
        const auto r = readRange(range, p, true);
        found.push_back(
            {Expectation::Kind::Latency, queue, "latency", *percentile, r.value_or(Range{}), p});
    }
    std::stable_sort(found.begin(), found.end(), [](const Expectation& a, const Expectation& b) {
        return a.percentile < b.percentile;
    });
    for (Expectation& e : found) {
        m_scenario.expectations.push_back(std::move(e));
    }
}

} // namespace

LoadResult<Scenario> parseScenario(std::string_view text, const std::string& fileName) {
    if (text.size() > kMaxTextBytes) {
        LoadResult<Scenario> result;
        result.errors.push_back({fileName, 0, 0, "",
                                 "the file is larger than " + std::to_string(kMaxTextBytes >> 20) +
                                     " MiB, which no scenario needs",
                                 ""});
        return result;
    }
    try {
        return Loader(text, fileName).run();
    } catch (const std::exception& e) {
        // Nothing above should throw; if something does, it is our bug, not a crash for them.
        LoadResult<Scenario> result;
        result.errors.push_back(
            {fileName, 0, 0, "", std::string("internal error while loading: ") + e.what(), ""});
        return result;
    }
}

LoadResult<Scenario> loadScenarioFile(const std::string& path) {
    LoadResult<Scenario> result;
    const auto cannot = [&](const std::string& why) {
        result.errors.push_back({path, 0, 0, "", "cannot read the file: " + why, ""});
        return result;
    };
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        return cannot(std::strerror(errno));
    }
    std::string text;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && text.size() <= kMaxTextBytes) {
        text.append(buffer, n);
    }
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) {
        return cannot(std::strerror(error)); // a directory fails here, with EISDIR
    }
    return parseScenario(text, path); // which refuses text over kMaxTextBytes
}

} // namespace evsim
