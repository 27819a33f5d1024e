#pragma once

#include "harness/recording/recording.h"
#include "harness/run/runner.h"

#include <string>
#include <vector>

namespace evsim {

// The rules that tie a recording's fields to each other (docs/recording-format.md, "What a
// recording guarantees"): checkpoints after every `checkpoint_every`-th record and after the
// last, no more and no fewer, in order and in time, within `records` and the run's length;
// the last one with the run's digest; a run without records with the digest of none. One
// error (E033, with its JSON path, line 0) per broken rule; empty when they all hold. Every
// sum and product stays within 64 bits whatever the values.
std::vector<LoadError> recordingInconsistencies(const Recording& recording,
                                                const std::string& fileName);

// What a finished run gave, as a recording's summary keeps it.
RecordingSummary summaryOf(const RunOutcome& outcome);

// The summary's counts that the run it keeps must give (published, acked, dropped,
// dead-lettered, held, expectations passed and failed); one error (E033) per count that
// differs. `events` and `last_event_ns` describe the recording engine's work, not the run's
// records, and are not compared.
std::vector<LoadError> summaryDifferences(const RecordingSummary& recorded,
                                          const RecordingSummary& replayed,
                                          const std::string& fileName);

} // namespace evsim
