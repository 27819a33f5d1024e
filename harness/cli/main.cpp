#include "benchmark/allocation_counter.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
    return evsim::runCli(argc, argv, evsim::heapAllocations);
}
