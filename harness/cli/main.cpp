#include "harness/benchmark/allocation_counter.h"
#include "harness/cli/cli.h"
#include "harness/run/runner.h"

int main(int argc, char** argv) {
    // This executable counts what each thread allocates: runs check their memory budget as
    // they grow, not only every so many events.
    evsim::setThreadAllocationCounter(evsim::threadAllocatedBytes);
    return evsim::runCli(argc, argv, evsim::heapAllocations);
}
