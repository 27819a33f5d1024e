#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// The kind of a load error, shown as its stable code ("E012") so that people and scripts can
// look it up in docs/scenario-format.md ("Error messages"). A code is never renumbered or
// reused: new kinds are appended with the next number.
enum class LoadErrorCode {
    CannotRead = 1,         // E001 the file cannot be opened or read
    FileTooLarge = 2,       // E002 over 16 MiB
    NulByte = 3,            // E003 a NUL byte in the text
    Syntax = 4,             // E004 not JSON (with comments)
    TooDeep = 5,            // E005 nesting deeper than 64 levels
    EmptyFile = 6,          // E006 nothing but white space and comments
    NotAnObject = 7,        // E007 the top level is not an object
    DuplicateKey = 8,       // E008 a key twice in one object
    UnknownKey = 9,         // E009 a key the object does not have
    MissingKey = 10,        // E010 a required key is missing
    WrongType = 11,         // E011 e.g. a string where an integer belongs
    OutOfRange = 12,        // E012 a number outside its allowed range
    NotADuration = 13,      // E013 a duration without unit, unparsable, finer than 1 ns
    NotARate = 14,          // E014 a rate that does not parse
    BadDistribution = 15,   // E015 parameters a distribution cannot have
    BadRange = 16,          // E016 a { "min", "max" } range without bounds or upside down
    UnknownReference = 17,  // E017 a name that is not declared (exchange, queue, service)
    DuplicateName = 18,     // E018 a name (or link) declared twice
    ReservedName = 19,      // E019 a service named "broker"
    LimitExceeded = 20,     // E020 more than the format allows (see the limits table)
    UnknownChoice = 21,     // E021 a string that is not one of the allowed values
    Unsupported = 22,       // E022 valid AMQP that the simulator does not model yet
    EmptyString = 23,       // E023 an empty string where a name or event is needed
    ConflictingKeys = 24,   // E024 keys that exclude each other
    TimeCannotAdvance = 25, // E025 a producer whose gap is always 0 and has no count
    BadLink = 26,           // E026 a network link that does not join a service and the broker
    AfterEnd = 27,          // E027 a timeline entry after the end of the run
    BadExpectation = 28,    // E028 an expectation that cannot check anything
    TooManyErrors = 29,     // E029 the note after the first 100 errors
    Internal = 30,          // E030 a bug in the loader, reported instead of a crash
    Inapplicable = 31,      // E031 a setting its target cannot have (x-delivery-limit on a classic
                            //      queue, a non-durable quorum queue, poison at a non-consumer)
    NoEffect = 32,          // E032 a timeline entry that would change nothing
    Inconsistent = 33,      // E033 a recording's fields that contradict each other or its run
};

// "E012"; "E000" for a value that is not a code.
std::string_view codeText(LoadErrorCode code);

// Every code, in increasing order.
std::span<const LoadErrorCode> allLoadErrorCodes();

// What went wrong while reading an input file, located precisely enough for an editor to jump
// there. Line and column are 1-based; 0 means unknown (for example a file that cannot be read).
struct LoadError {
    LoadErrorCode code = LoadErrorCode::Internal;
    std::string file;
    int line = 0;
    int column = 0;
    std::string jsonPath; // "$.services[1].consumes[0].prefetch"; empty for syntax errors
    std::string message;
    std::string hint; // "did you mean \"prefetch\"?"; may be empty

    // "file:line:col: error[E012]: message (at $.path)" and, when there is a hint, a second
    // line "  hint: ...". No trailing newline. Safe to print: each part goes through
    // printable() (scenario/printable.h).
    std::string format() const;
};

// Every error, one format() block per line group, each ending in a newline.
std::string formatErrors(const std::vector<LoadError>& errors);

// A value, or the reasons there is none. Never both.
template <typename T> struct LoadResult {
    std::optional<T> value;
    std::vector<LoadError> errors;
    bool ok() const { return value.has_value(); }
};

} // namespace evsim
