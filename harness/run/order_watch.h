#pragma once

#include "simulator/kernel/sim_time.h"
#include "simulator/observe/entity_table.h"
#include "simulator/observe/record_sink.h"
#include "simulator/scenario/scenario.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evsim {

class Simulation;

// A record processed for the first time after one written after it: where an order of INV03
// broke.
struct OrderBreak {
    SimTime at;                  // when `late` was processed
    std::uint32_t late = 0;      // the record processed late (a message id)
    std::uint32_t overtaker = 0; // the record written after it and processed before it
    std::uint32_t lateEvent = 0; // key order: their events (a retry carries its event on)
    std::uint32_t overtakerEvent = 0;
    std::uint16_t partition = 0; // partition order: the partition
    std::string key;             // key order: the key
    bool byKey = false;
};

// How an order held over a run: every first processing checked in turn.
struct OrderReport {
    std::uint64_t checked = 0; // first processings checked
    std::uint64_t breaks = 0;  // of them, processed after a later record
    std::optional<OrderBreak> first;
};

// "broken 3 times, first at 12.4s: partition 3: msg-48 processed after msg-52, which was
// written after it", "... key \"account-7\": evt-41 (msg-42) processed after evt-262
// (msg-262), ..." or "held over 1500 records".
std::string describeOrder(const OrderReport& report);

// Follows the orders a run's expectations speak of (Expectation::Kind::Order), record by record
// as the run goes, so a run that keeps no records (--stream, a recording, a sweep) checks them
// too. What it keeps grows with the messages (8 bytes each) and the keys, not the records.
//
// - "partition_order" of a group: within each partition, the group processes records for the
//   first time in the order they were written (a record read again after a rebalance is a
//   repeat, not a first processing).
// - "key_order" of a service: it processes each key's events for the first time in the order
//   they were first written to what it reads. An event is known by its id, so a retry that
//   carried it through a retry topic is the same event: processed after a later event of its
//   key, it breaks the order.
class OrderWatch final : public RecordSink {
public:
    // Watches the Order expectations of `scenario`, run by `simulation`.
    OrderWatch(const Scenario& scenario, const Simulation& simulation);

    bool empty() const { return m_watched.empty(); }
    void onRecord(const Record& record, const Message* message) override;
    // The report of the scenario's expectation i (an Order one).
    const OrderReport* report(std::size_t expectation) const;

private:
    struct Front { // the latest-written record processed so far in a partition or of a key
        std::uint64_t index = 0;
        std::uint32_t message = 0;
        std::uint32_t event = 0;
        bool any = false;
    };
    struct Watched {
        std::size_t expectation = 0;
        bool byKey = false;
        EntityId subject = kNoEntity;  // the group, or the service
        std::vector<EntityId> sources; // key order: the queues and groups the service reads
        // Partition order, by message id: (partition << 48) | (index + 1) while written and
        // not processed yet; key order, by event id: its index + 1 likewise.
        std::vector<std::uint64_t> pending;
        std::vector<std::uint64_t> written;    // partition order: records per partition
        std::uint64_t writtenEvents = 0;       // key order
        std::map<std::uint32_t, Front> fronts; // by partition, or by key
        OrderReport report;
    };
    void onPartitionRecord(Watched& w, const Record& r);
    void onKeyRecord(Watched& w, const Record& r, const Message& m);
    // Counts a first processing of written index `index` against `front`.
    void check(Watched& w, Front& front, std::uint64_t index, const Record& r, std::uint32_t event,
               const std::string* key, std::uint16_t partition);

    const EntityTable& m_entities;
    const Simulation& m_simulation;
    std::vector<Watched> m_watched;
};

} // namespace evsim
