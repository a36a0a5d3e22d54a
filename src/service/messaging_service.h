#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/keyed_mutex.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/conversation/conversation.h"
#include "domain/message/message.h"
#include "domain/message/outbound_message.h"
#include "domain/message/rate_limiter.h"
#include "domain/phone_number/phone_number.h"
#include "store/store.h"
#include "upstream/graph_client.h"

namespace wharf::service {

// What POST /{phone_number_id}/messages answers for a send.
struct SendReceipt {
    std::string to_input;
    std::string wa_id;
    std::string wamid;
    std::optional<std::string> message_status;  // "accepted" for templates
};

// Sandbox timings: an accepted message becomes sent, delivered and read after these delays.
struct MessagingOptions {
    int throughput_per_second = domain::ThroughputLimiter::kDefaultMessagesPerSecond;
    std::chrono::milliseconds sent_after{300};
    std::chrono::milliseconds delivered_after{700};
    std::chrono::milliseconds read_after{1500};
};

// Job kinds this service enqueues and handles.
inline constexpr const char* kJobSandboxStatus = "sandbox.status";
inline constexpr const char* kJobMetaInbound = "meta.inbound";

// Reserved sandbox recipients: numbers ending in these digits fail with Meta's 131026
// ("Message undeliverable") at the sent step, for trying error handling.
inline constexpr std::string_view kSandboxUndeliverableSuffix = "0000";

// Sending and status progression. Send validates (Meta's limits), enforces throughput and pair
// rate per number (in memory), the 24-hour window, then in one transaction records the contact,
// conversation and message (status "accepted") and enqueues the upstream step; for sandbox
// numbers that is the simulated status progression, run later by ApplyJob. Every state change
// writes its event to the outbox in the same transaction. Thread-safe.
//
// Meta mode: given a GraphClient, production numbers send through Meta instead (SendViaGraph):
// synchronously, in acceptance order per recipient, stored under Meta's wamid only once Meta
// accepted, with Meta's errors returned unchanged. Sandbox numbers use the sandbox in every mode.
class MessagingService {
public:
    // `graph` (meta mode; null: every number sends into the sandbox) and `box` (opens the
    // numbers' sealed access tokens; required with `graph`) must outlive the service.
    MessagingService(store::Store& store, const Clock& clock, MessagingOptions options = {},
                     upstream::GraphClient* graph = nullptr, const SecretBox* box = nullptr);

    // A send or a mark-as-read (`true`).
    Result<std::variant<SendReceipt, bool>> Send(const ProjectId& project,
                                                 const PhoneNumberId& number,
                                                 const boost::json::value& body);
    // A simulated user's message to a sandbox number (POST /sandbox/v1/phone_numbers/{id}/inbound):
    // a Meta inbound message object without id and timestamp, which wharf fills in. Takes the
    // path a Meta webhook's message takes: contact, conversation, message, received event.
    // Returns the new wamid.
    Result<std::string> ReceiveSandboxInbound(const ProjectId& project, const PhoneNumberId& number,
                                              const boost::json::value& body);
    // Checks a Meta webhook body's envelope and puts it on the durable queue (kJobMetaInbound):
    // the HTTP answer does not wait for processing.
    Result<void> EnqueueMetaWebhook(const boost::json::value& body);
    // Applies a Meta webhook: inbound messages (idempotent by wamid), statuses (forward only,
    // redeliveries change nothing). Unknown phone_number_ids are logged and dropped.
    Result<void> IngestMetaWebhook(const boost::json::value& body);
    // Ends conversations idle for 24 hours (at most `limit` per call), recording
    // whatsapp.conversation.ended for each. Returns how many it ended.
    Result<int> EndIdleConversations(int limit);
    // Runs one leased job of kind kJobSandboxStatus or kJobMetaInbound.
    Result<void> ApplyJob(const domain::Job& job);
    // Applies leased kJobSandboxStatus jobs in one transaction and completes them in it.
    Result<void> ApplyStatusJobs(const std::vector<domain::Job>& jobs);

private:
    Result<SendReceipt> SendOutbound(const ProjectId& project, const domain::PhoneNumber& number,
                                     const domain::OutboundMessage& m);
    // Meta mode: checks the 24-hour window (Meta would accept and fail the message later), opens
    // the number's token and posts the message to Meta. Nothing is stored here.
    Result<upstream::GraphSendResult> SendViaGraph(const ProjectId& project,
                                                   const domain::PhoneNumber& number,
                                                   const domain::OutboundMessage& m, Timestamp now);
    Result<void> MarkRead(const ProjectId& project, const domain::PhoneNumber& number,
                          const std::string& wamid);
    // Records one inbound message (from the sandbox or, later, Meta's webhook) in a transaction.
    Result<void> RecordInbound(const ProjectId& project, domain::Message m,
                               const std::optional<std::string>& profile_name);
    Result<void> RecordInboundTx(store::Store& tx, const ProjectId& project, domain::Message& m,
                                 const std::optional<std::string>& profile_name);
    Result<void> ApplyStatusJobTx(store::Store& tx, const domain::Job& job, Timestamp now);
    Result<void> CheckRates(const domain::PhoneNumber& number, const std::string& wa_id,
                            Timestamp now);

    store::Store& store_;
    const Clock& clock_;
    MessagingOptions options_;
    domain::ThroughputLimiter throughput_;
    domain::PairRateLimiter pair_rate_;
    std::mutex rates_mu_;
    std::map<std::string, domain::RateLimitState> number_rates_;
    std::map<std::string, domain::RateLimitState> pair_rates_;
    upstream::GraphClient* graph_;  // null: sandbox mode
    const SecretBox* box_;
    KeyedMutex send_order_;  // "<number>:<wa_id>": one Graph send at a time per recipient
};

}  // namespace wharf::service
