#include "simulator/scenario/loader/json_document.h"

#include "simulator/scenario/loader/message_text.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

// nlohmann parses (with comments allowed); syntax errors become located messages with hints
// for the common slips.

namespace evsim::loader {
namespace {

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

// nlohmann's words, without its "[json.exception...] parse error at line 1, column 2: " prefix
// (our columns count characters and skip a byte order mark), plus a hint for common slips.
void reportSyntaxError(LoadContext& context, const DomBuilder& sax) {
    const std::string_view text = context.text();
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
    std::size_t offset = std::min(sax.error.position > 0 ? sax.error.position - 1 : 0, text.size());
    SourcePosition where = JsonSourceMap::positionOf(text, offset);
    Code code = Code::Syntax;
    if (sax.error.id == 406) { // number overflow: point at the number, not after it
        offset = sax.error.position >= token.size() ? sax.error.position - token.size() : 0;
        where = JsonSourceMap::positionOf(text, offset);
        message = "number out of range: " + token;
        code = Code::OutOfRange;
    } else if (has("missing closing '*/'")) {
        message = "a /* comment is never closed";
        const auto& problem = context.sourceMap().problem();
        where = problem && problem->message == "unterminated comment" ? problem->position : where;
    }
    std::size_t before = offset;
    while (before > 0 && std::string_view(" \t\r\n").find(text[before - 1]) != std::string::npos) {
        --before;
    }
    std::string hint;
    if ((has("unexpected '}'") || has("unexpected ']'")) && before > 0 && text[before - 1] == ',') {
        hint = "remove the trailing comma; JSON does not allow one";
    } else if (offset < text.size() && text[offset] == '\'') {
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
    context.report(code, where, "", message, hint);
}

} // namespace

std::optional<Json> readJsonDocument(LoadContext& context) {
    const std::string_view text = context.text();
    // nlohmann stops reading at a NUL byte as if the file ended there; refuse it instead, so
    // that what follows is never silently ignored.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        context.report(Code::NulByte, JsonSourceMap::positionOf(text, nul), "",
                       "the file contains a NUL byte",
                       "a scenario is UTF-8 text; was a binary file given?");
        return std::nullopt;
    }
    Json doc;
    DomBuilder sax(doc);
    if (Json::sax_parse(text.begin(), text.end(), &sax, Json::input_format_t::json,
                        /*strict=*/true, /*ignore_comments=*/true)) {
        return doc;
    }
    const auto& problem = context.sourceMap().problem();
    using Kind = JsonSourceMap::Problem::Kind;
    if (problem && problem->kind == Kind::Empty) {
        context.report(
            Code::EmptyFile, {1, 1}, "", "the file is empty",
            "a scenario is a JSON object such as { \"name\": \"demo\", \"services\": [] }");
    } else if (sax.tooDeep) {
        const SourcePosition where =
            problem && problem->kind == Kind::TooDeep ? problem->position : SourcePosition{1, 1};
        context.report(
            Code::TooDeep, where, "",
            "nesting is deeper than " + std::to_string(JsonSourceMap::kMaxDepth) + " levels", "");
    } else {
        reportSyntaxError(context, sax);
    }
    return std::nullopt;
}

void reportDuplicateKeys(LoadContext& context) {
    for (const auto& d : context.sourceMap().duplicateKeys()) {
        context.report(Code::DuplicateKey, d.second, d.path, "duplicate key " + label(d.path),
                       "it is also set at line " + std::to_string(d.first.line) + ", column " +
                           std::to_string(d.first.column) + "; a key may appear once per object");
    }
}

} // namespace evsim::loader
