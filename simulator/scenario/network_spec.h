#pragma once

#include "simulator/kernel/distribution.h"

#include <string>
#include <vector>

namespace evsim {

// A one-way hop. `from`/`to` name a service or "broker".
struct LinkSpec {
    std::string from;
    std::string to;
    Distribution latency;
};

struct NetworkSpec {
    Distribution latency; // every hop without its own link; constant 0 by default
    std::vector<LinkSpec> links;
};

} // namespace evsim
