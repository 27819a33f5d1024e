#include "simulator/scenario/schema/compatibility.h"

#include <algorithm>

namespace evsim {
namespace {

std::string join(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string typeText(const JsonSchema& s) {
    return std::string(schemaTypeName(s.type));
}

bool contains(const std::vector<std::string>& values, const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

class Comparison {
public:
    explicit Comparison(std::vector<SchemaProblem>& out) : m_out(out) {}

    void values(const JsonSchema& r, const JsonSchema& w, const std::string& path) {
        if (!sameType(r, w, path)) {
            return; // what follows compares like with like
        }
        if (!r.enumValues.empty()) {
            if (w.enumValues.empty()) {
                add(path,
                    "read as one of " + list(r.enumValues) + ", written as any " + typeText(w));
            }
            for (const std::string& v : w.enumValues) {
                if (!contains(r.enumValues, v)) {
                    add(path, "value " + v + " may be written, and the reader does not know it");
                }
            }
        }
        if (r.format != SchemaFormat::None && w.format != r.format) {
            add(path, "read as format " + std::string(schemaFormatName(r.format)) +
                          (w.format == SchemaFormat::None
                               ? ", written without one"
                               : ", written as " + std::string(schemaFormatName(w.format))));
        }
        if (r.type == SchemaType::Object) {
            objects(r, w, path);
        } else if (r.type == SchemaType::Array && !r.items.empty()) {
            if (w.items.empty()) {
                if (r.items.front().type != SchemaType::Any) {
                    add(path + "[]",
                        "items read as " + typeText(r.items.front()) + ", written as any type");
                }
            } else {
                values(r.items.front(), w.items.front(), path + "[]");
            }
        }
    }

    // Whether a field the reader needs is there every time: written, and required when
    // written, unless the reader has a default for it.
    // `who` needs it: "required by the reader", "read by the consumer".
    void presence(const JsonSchema& r, const JsonSchema* w, bool alwaysWritten,
                  const std::string& path, std::string_view who) {
        if (r.defaultValue) {
            return;
        }
        if (w == nullptr) {
            add(path, std::string(who) + ", not written");
        } else if (!alwaysWritten) {
            add(path, std::string(who) + ", optional when written");
        }
    }

private:
    bool sameType(const JsonSchema& r, const JsonSchema& w, const std::string& path) {
        if (r.type == SchemaType::Any || r.type == w.type) {
            return true;
        }
        if (r.type == SchemaType::Number && w.type == SchemaType::Integer) {
            return true; // every integer is a number: a widening
        }
        if (w.type == SchemaType::Any) {
            add(path, "read as " + typeText(r) + ", written as any type");
        } else if (r.type == SchemaType::Integer && w.type == SchemaType::Number) {
            add(path, "narrowed: written as number, read as integer");
        } else {
            add(path, "type changed: written as " + typeText(w) + ", read as " + typeText(r));
        }
        return false;
    }

    void objects(const JsonSchema& r, const JsonSchema& w, const std::string& path) {
        for (const SchemaProperty& p : r.properties) {
            const JsonSchema* written = w.property(p.name);
            const std::string at = join(path, p.name);
            if (written != nullptr) {
                values(p.schema, *written, at);
            }
            if (r.isRequired(p.name)) {
                presence(p.schema, written, w.isRequired(p.name), at, "required by the reader");
            }
        }
        if (r.additionalProperties) {
            return;
        }
        for (const SchemaProperty& p : w.properties) {
            if (r.property(p.name) == nullptr) {
                add(join(path, p.name), "may be written, and the reader allows no other fields");
            }
        }
        if (w.additionalProperties) {
            add(path, "the writer allows other fields, the reader none");
        }
    }

    static std::string list(const std::vector<std::string>& values) {
        std::string out = "[";
        for (const std::string& v : values) {
            out += (out.size() > 1 ? ", " : "") + v;
        }
        return out + "]";
    }

    void add(const std::string& path, std::string why) { m_out.push_back({path, std::move(why)}); }

    std::vector<SchemaProblem>& m_out;
};

} // namespace

std::string describe(const SchemaProblem& problem) {
    return (problem.field.empty() ? std::string("(event)") : problem.field) + ": " + problem.why;
}

std::vector<SchemaProblem> readProblems(const JsonSchema& reader, const JsonSchema& writer) {
    std::vector<SchemaProblem> out;
    Comparison(out).values(reader, writer, "");
    return out;
}

std::vector<SchemaProblem> fieldProblems(const JsonSchema& reader, const JsonSchema& writer,
                                         const std::vector<std::string>& fields) {
    std::vector<SchemaProblem> out;
    Comparison compare(out);
    for (const std::string& field : fields) {
        const JsonSchema* r = schemaAt(reader, field);
        if (r == nullptr) {
            out.push_back({field, "not declared by the reader's schema"});
            continue;
        }
        // Down the writer's schema part by part: the field is always there only when each
        // part of its path is required.
        const JsonSchema* w = &writer;
        bool always = true;
        std::string_view rest = field;
        while (w != nullptr && !rest.empty()) {
            const std::size_t dot = rest.find('.');
            const std::string_view part = rest.substr(0, dot);
            always = always && w->isRequired(part);
            w = w->property(part);
            rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
        }
        compare.presence(*r, w, always, field, "read by the consumer");
        if (w != nullptr) {
            compare.values(*r, *w, field);
        }
    }
    return out;
}

std::vector<ModeViolation> modeViolations(const EventSchema& schema) {
    const Compatibility mode = schema.compatibility;
    const bool transitive = mode == Compatibility::BackwardTransitive ||
                            mode == Compatibility::ForwardTransitive ||
                            mode == Compatibility::FullTransitive;
    const bool backward = mode == Compatibility::Backward ||
                          mode == Compatibility::BackwardTransitive ||
                          mode == Compatibility::Full || mode == Compatibility::FullTransitive;
    const bool forward = mode == Compatibility::Forward ||
                         mode == Compatibility::ForwardTransitive || mode == Compatibility::Full ||
                         mode == Compatibility::FullTransitive;
    std::vector<ModeViolation> out;
    const auto check = [&](const SchemaVersion& reader, const SchemaVersion& writer) {
        auto problems = readProblems(reader.schema, writer.schema);
        if (!problems.empty()) {
            out.push_back({reader.version, writer.version, std::move(problems)});
        }
    };
    const auto& versions = schema.versions;
    for (std::size_t newer = 1; newer < versions.size(); ++newer) {
        for (std::size_t older = transitive ? 0 : newer - 1; older < newer; ++older) {
            if (backward) {
                check(versions[newer], versions[older]);
            }
            if (forward) {
                check(versions[older], versions[newer]);
            }
        }
    }
    return out;
}

} // namespace evsim
