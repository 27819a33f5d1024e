#pragma once

#include "harness/suite/suite_runner.h"

#include <string>
#include <string_view>
#include <vector>

namespace evsim {

// JUnit XML for CI servers, valid against Jenkins' junit-10.xsd (fixtures/junit/junit-10.xsd,
// the schema the xunit plugin checks reports with; GitLab, GitHub actions and Azure read the
// same shape). One <testsuite> per item, since that schema allows <properties> only on a
// suite: its name is the item's path, its properties the kind, seed and digest, and it holds
// one <testcase> (classname: the path without extension, '/' as '.'; name: the scenario's
// name). A failed expectation or a replay that differs is a <failure> whose message is the
// first problem and whose text is every problem; a file that did not load, or a run that
// could not finish, is an <error> with the located load error. Every expectation's line goes
// to <system-out>. Times are wall-clock seconds with three decimals; nothing else in the
// file changes between runs of the same items.
std::string junitXml(const std::vector<ItemResult>& results, std::string_view suitesName);

// Text made safe for XML 1.0 character data and attribute values: & < > " ' as entities,
// tab, newline and carriage return kept (as character references inside attributes), other
// control characters and bytes that are not valid UTF-8 replaced by U+FFFD, which XML cannot
// carry even as references.
std::string xmlEscaped(std::string_view text, bool attribute);

} // namespace evsim
