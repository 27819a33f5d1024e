#include "simulator/scenario/load_error.h"

#include "simulator/scenario/printable.h"

#include <algorithm>
#include <array>
#include <utility>

namespace evsim {
namespace {

// The text of each code, written out rather than computed so that a test can catch two kinds
// given one text by a slip of copy and paste.
constexpr std::array<std::pair<LoadErrorCode, std::string_view>, 33> kCodes{{
    {LoadErrorCode::CannotRead, "E001"},        {LoadErrorCode::FileTooLarge, "E002"},
    {LoadErrorCode::NulByte, "E003"},           {LoadErrorCode::Syntax, "E004"},
    {LoadErrorCode::TooDeep, "E005"},           {LoadErrorCode::EmptyFile, "E006"},
    {LoadErrorCode::NotAnObject, "E007"},       {LoadErrorCode::DuplicateKey, "E008"},
    {LoadErrorCode::UnknownKey, "E009"},        {LoadErrorCode::MissingKey, "E010"},
    {LoadErrorCode::WrongType, "E011"},         {LoadErrorCode::OutOfRange, "E012"},
    {LoadErrorCode::NotADuration, "E013"},      {LoadErrorCode::NotARate, "E014"},
    {LoadErrorCode::BadDistribution, "E015"},   {LoadErrorCode::BadRange, "E016"},
    {LoadErrorCode::UnknownReference, "E017"},  {LoadErrorCode::DuplicateName, "E018"},
    {LoadErrorCode::ReservedName, "E019"},      {LoadErrorCode::LimitExceeded, "E020"},
    {LoadErrorCode::UnknownChoice, "E021"},     {LoadErrorCode::Unsupported, "E022"},
    {LoadErrorCode::EmptyString, "E023"},       {LoadErrorCode::ConflictingKeys, "E024"},
    {LoadErrorCode::TimeCannotAdvance, "E025"}, {LoadErrorCode::BadLink, "E026"},
    {LoadErrorCode::AfterEnd, "E027"},          {LoadErrorCode::BadExpectation, "E028"},
    {LoadErrorCode::TooManyErrors, "E029"},     {LoadErrorCode::Internal, "E030"},
    {LoadErrorCode::Inapplicable, "E031"},      {LoadErrorCode::NoEffect, "E032"},
    {LoadErrorCode::Inconsistent, "E033"},
}};

constexpr std::array<LoadErrorCode, kCodes.size()> kAllCodes = [] {
    std::array<LoadErrorCode, kCodes.size()> all{};
    for (std::size_t i = 0; i < kCodes.size(); ++i) {
        all[i] = kCodes[i].first;
    }
    return all;
}();

} // namespace

std::string_view codeText(LoadErrorCode code) {
    const auto it = std::find_if(kCodes.begin(), kCodes.end(),
                                 [code](const auto& entry) { return entry.first == code; });
    return it == kCodes.end() ? "E000" : it->second;
}

std::span<const LoadErrorCode> allLoadErrorCodes() {
    return kAllCodes;
}

// Every part goes through printable(): a file name or a key in a path can hold anything.
std::string LoadError::format() const {
    std::string out = printable(file);
    if (line > 0) {
        out += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    out += ": error[" + std::string(codeText(code)) + "]: " + printable(message);
    if (!jsonPath.empty()) {
        out += " (at " + printable(jsonPath) + ")";
    }
    if (!hint.empty()) {
        out += "\n  hint: " + printable(hint);
    }
    return out;
}

std::string formatErrors(const std::vector<LoadError>& errors) {
    std::string out;
    for (const LoadError& e : errors) {
        out += e.format() + "\n";
    }
    return out;
}

} // namespace evsim
