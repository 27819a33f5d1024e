#include "simulator/scenario/loader/seek_reader.h"

#include "simulator/scenario/loader/message_text.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace evsim::loader {
namespace {

constexpr std::array<std::string_view, 5> kSeekKeys{"group", "partition", "to", "offset", "time"};
constexpr std::array<std::string_view, 3> kSeekWhere{"to", "offset", "time"};
constexpr std::array<std::string_view, 2> kSeekEnds{"earliest", "latest"};
// Offsets count records of one partition, and a run's message ids are 32-bit.
constexpr Limit kMaxOffset{4'294'967'295, "a run writes fewer records than this to a partition"};

} // namespace

std::optional<Seek> SeekReader::read(const Json& v, const std::string& path) const {
    if (!m_values.isObject(v, path, kSeekKeys)) {
        return std::nullopt;
    }
    Seek seek;
    const bool group = readGroup(v, path, seek);
    const bool where = readWhere(v, path, seek);
    return group && where ? std::optional<Seek>(std::move(seek)) : std::nullopt;
}

bool SeekReader::readGroup(const Json& v, const std::string& path, Seek& seek) const {
    const Json* group = m_values.require(v, path, "group");
    const std::string p = at(path, "group");
    const auto name = group ? m_values.readString(*group, p, true) : std::nullopt;
    if (!name) {
        return false;
    }
    if (!m_names.logWords()) {
        m_context.fail(Code::Inapplicable, p,
                       "only a partitioned log's consumer group has offsets to seek; an AMQP "
                       "queue hands each message out once",
                       "use \"purge\" to empty a queue");
        return false;
    }
    if (!m_names.check(NameKind::Queue, *name, p)) {
        return false;
    }
    seek.group = *name;
    if (!v.contains("partition")) {
        return true;
    }
    const std::uint32_t partitions = m_names.groupPartitions(*name);
    const std::string pp = at(path, "partition");
    if (partitions == 0) { // its topic could not be read: reported there
        return m_values.readInteger(v["partition"], pp, 0, kMaxOffset).has_value();
    }
    const auto partition = m_values.readInteger(v["partition"], pp, 0, partitions - 1);
    if (partition) {
        seek.partition = static_cast<std::uint32_t>(*partition);
    }
    return partition.has_value();
}

bool SeekReader::readWhere(const Json& v, const std::string& path, Seek& seek) const {
    std::vector<std::string_view> given;
    for (const std::string_view key : kSeekWhere) {
        if (v.contains(key)) {
            given.push_back(key);
        }
    }
    if (given.empty()) {
        m_context.fail(Code::MissingKey, path,
                       "a seek says where the group goes: \"to\" (\"earliest\" or \"latest\"), "
                       "\"offset\" or \"time\"",
                       "add \"to\": \"earliest\" to read the whole log again");
        return false;
    }
    if (given.size() > 1) {
        m_context.failAtKey(Code::ConflictingKeys, at(path, given[1]),
                            quote(given[0]) + " and " + quote(given[1]) +
                                " both say where the group goes",
                            "keep one of them");
        return false;
    }
    const std::string p = at(path, given[0]);
    const Json& value = v[std::string(given[0])];
    if (given[0] == "to") {
        const auto end = m_values.readChoice(value, p, "seek end", kSeekEnds);
        seek.to = end && *end == "latest" ? Seek::To::Latest : Seek::To::Earliest;
        return end.has_value();
    }
    if (given[0] == "offset") {
        const auto offset = m_values.readInteger(value, p, 0, kMaxOffset);
        seek.to = Seek::To::Offset;
        seek.offset = offset.value_or(0);
        return offset.has_value();
    }
    const auto time = m_values.readDuration(value, p);
    seek.to = Seek::To::Time;
    seek.time = time.value_or(SimTime::zero());
    return time.has_value();
}

} // namespace evsim::loader
