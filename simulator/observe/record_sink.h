#pragma once

#include "simulator/observe/message.h"
#include "simulator/observe/record.h"

namespace evsim {

// Watches a run's records as they happen, in the order they happen: what the CLI's streaming
// exports and the desktop app's live views are built on. A simulation has no sink unless one
// is set (then appending a record costs one predictable branch more).
//
// onRecord() is called from inside the simulation's step: it must not call back into the
// simulation to change it. `message` is the message the record is about, valid only during
// the call; nullptr for records about no message.
class RecordSink {
public:
    virtual void onRecord(const Record& record, const Message* message) = 0;

protected:
    ~RecordSink() = default;
};

} // namespace evsim
