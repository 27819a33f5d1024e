#pragma once

// Two versions of a card charger's message handler, as a team would write them, run through
// EventSim's recorded failures in place of the scenario's model consumer (see
// docs/harness.md). The scenario scenarios/network-partition-duplicates.json delivers some
// payments twice: a cut network loses the broker's confirms and the publisher sends them
// again, with the same CloudEvents id.

#include "simulator/engine/consumer_handler.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace payments {

// The payment provider the handlers call: how many times each payment was charged.
class CardProvider {
public:
    void charge(const std::string& paymentId) { ++m_charges[paymentId]; }
    int timesCharged(const std::string& paymentId) const {
        const auto it = m_charges.find(paymentId);
        return it == m_charges.end() ? 0 : it->second;
    }
    std::size_t paymentsCharged() const { return m_charges.size(); }
    // Payments charged more than once: what customers would complain about.
    std::vector<std::string> chargedTwice() const {
        std::vector<std::string> out;
        for (const auto& [id, times] : m_charges) {
            if (times > 1) {
                out.push_back(id);
            }
        }
        return out;
    }

private:
    std::map<std::string, int> m_charges;
};

// Charges every payment it is handed. Correct on a perfect network; a repeat of a payment
// charges the card again.
class NaiveChargeHandler final : public evsim::ConsumerHandler {
public:
    explicit NaiveChargeHandler(CardProvider& provider) : m_provider(provider) {}

    evsim::HandlerVerdict handle(const evsim::HandlerDelivery& delivery,
                                 std::vector<evsim::HandlerPublish>& /*publish*/) override {
        m_provider.charge(delivery.envelope.id);
        return evsim::HandlerVerdict::Ack;
    }

private:
    CardProvider& m_provider;
};

// Charges a payment once: it remembers the event ids it charged (as a table with a unique key
// on the event id would, shared by every instance and kept across crashes) and acks a repeat
// without charging again.
class IdempotentChargeHandler final : public evsim::ConsumerHandler {
public:
    explicit IdempotentChargeHandler(CardProvider& provider) : m_provider(provider) {}

    evsim::HandlerVerdict handle(const evsim::HandlerDelivery& delivery,
                                 std::vector<evsim::HandlerPublish>& /*publish*/) override {
        if (m_charged.insert(delivery.envelope.id).second) {
            m_provider.charge(delivery.envelope.id);
        }
        return evsim::HandlerVerdict::Ack;
    }

private:
    CardProvider& m_provider;
    std::set<std::string> m_charged;
};

} // namespace payments
