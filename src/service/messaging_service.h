#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <span>
#include <string>
#include <unordered_set>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/keyed_mutex.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "domain/conversation/conversation.h"
#include "domain/event/event_payload.h"
#include "domain/message/message.h"
#include "domain/message/message_status.h"
#include "domain/message/outbound_message.h"
#include "domain/message/rate_limiter.h"
#include "domain/phone_number/phone_number.h"
#include "domain/webhook/meta_webhook.h"
#include "service/inbound_batch.h"
#include "service/media_catalog.h"
#include "service/phone_number_cache.h"
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
    // Queued Meta webhooks (ApplyJobs): one transaction applies bodies, whole and in order, until
    // it holds inbound_batch_messages messages or has run for inbound_batch_time, or, while API
    // requests (webhook acknowledgments, sends, mark-read, sandbox inbound messages) wait for the
    // writer, for inbound_batch_time_contended: the messages share its commit (and the pages it
    // writes), and the requests wait little. Since 0012 a message writes about 5 KiB of pages, so
    // 10,000 stay within the writer's 64 MiB cache until the commit. bench/webhooks: 5,000 and
    // 300 ms wrote 12.7 KiB per message (WAL and checkpoints) at 106 µs of CPU, these 10.1 KiB at
    // 92 µs; 20,000 and 1.2 s gained nothing more.
    int inbound_batch_messages = 10000;
    std::chrono::milliseconds inbound_batch_time{600};
    std::chrono::milliseconds inbound_batch_time_contended{5};
};

// The job kind this service enqueues and handles, and the ordering key its jobs share (Meta's
// webhooks are applied in arrival order).
inline constexpr const char* kJobMetaInbound = "meta.inbound";
inline constexpr const char* kJobMetaInboundOrderingKey = "meta.inbound";

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

    // Media checks and inbound media (MediaService); without one, media ids are not checked and
    // simulated users' media messages carry what they were given. Set once, before serving.
    void SetMediaCatalog(MediaCatalog* media) { media_ = media; }
    // Where Send finds its number (PhoneNumberCache); without one it reads the store each time. Set
    // once, before serving.
    void SetNumberCache(PhoneNumberCache* numbers) { number_cache_ = numbers; }

    // A send or a mark-as-read (`true`).
    using SendResult = Result<std::variant<SendReceipt, bool>>;
    SendResult Send(const ProjectId& project, const PhoneNumberId& number,
                    const boost::json::value& body);
    // Send without blocking the calling thread (an event loop) on the store's writer: a message
    // to a sandbox number is checked here and stored by Store::TransactAsync, and `done` gets
    // Send's answer on the store's writer thread (or here, for a refusal). Returns false, without
    // doing anything, when the request must go through Send instead (a mark-as-read, a message
    // sent through Meta, a store that cannot write asynchronously). Reads only cached or indexed
    // rows on this thread.
    bool SendAsync(const ProjectId& project, const PhoneNumberId& number,
                   const boost::json::value& body, std::function<void(SendResult)> done);
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
    // Runs one leased job of kind kJobMetaInbound, completing it in the transaction that applies
    // it.
    Result<void> ApplyJob(const domain::Job& job);
    // Runs leased kJobMetaInbound jobs in the order given (JobRunner::BatchHandler): several
    // bodies per transaction (MessagingOptions::inbound_batch_*), each job completed in the
    // transaction that applies it, so a crash leaves a body applied and gone, or queued. `done`
    // counts the jobs, from the first, that are applied and completed. Stops at the first
    // failure: the transaction it happened in is undone whole, and running its jobs again (one at
    // a time) changes nothing that was applied.
    Result<void> ApplyJobs(std::span<const domain::Job> jobs, size_t& done);
    // Pretends `n` API requests wait for the store's writer (ApplyJobs's cut).
    void SetWaitingRequestsForTest(int n) { requests_waiting_ = n; }
    // How many API requests (sends, mark-read, sandbox inbound messages, webhook
    // acknowledgments) are waiting for the store's writer or writing now.
    int RequestsWaitingForTest() const { return requests_waiting_.load(); }

    // The sandbox network's status progression. Accepted sandbox messages are scheduled in
    // memory; the durable state is the message itself (its status and updated_at), so nothing
    // is queued per status. ApplyDueStatuses applies up to `limit` due steps in one transaction
    // (each re-checked against the stored status, so a step applied elsewhere is skipped) and
    // schedules the following ones; it returns how many it applied.
    Result<int> ApplyDueStatuses(int limit);
    // ApplyDueStatuses in two halves, so that a caller can make the next batch ready while the
    // previous one waits for the store's writer: PrepareDueStatuses takes up to `limit` due steps
    // off the schedule and renders them (reads only); WriteDueStatuses applies them in one
    // transaction and schedules the following steps. A taken batch must be written (or the steps
    // only come back through ResumeStatusProgression). A step's following step is scheduled
    // only once it is written, so two batches never hold steps of one message.
    struct DueStatuses;
    DueStatuses PrepareDueStatuses(int limit);
    Result<int> WriteDueStatuses(DueStatuses batch);
    // WriteDueStatuses through Store::TransactAsync: `done` gets its result on the thread that
    // ran the transaction, once it is committed and the following steps are scheduled.
    void WriteDueStatusesAsync(DueStatuses batch, std::function<void(Result<int>)> done);
    // When the next scheduled step is due; nullopt when none is scheduled.
    std::optional<Timestamp> NextStatusDue();
    // Schedules the sandbox messages whose progression nobody is running: every message still on
    // its way when `stalled_only` is false (at start-up, after a crash), otherwise those whose
    // next step is overdue by more than a few seconds (another process died). Returns how many
    // it scheduled.
    Result<int> ResumeStatusProgression(bool stalled_only, int limit);

private:
    // The number a send leaves from, through number_cache_ when there is one.
    Result<domain::PhoneNumber> SendingNumber(const ProjectId& project,
                                              const PhoneNumberId& number_id);
    Result<SendReceipt> SendOutbound(const ProjectId& project, const domain::PhoneNumber& number,
                                     const domain::OutboundMessage& m);
    // A send that passed every check (and, through Meta, was sent), ready to be stored:
    // SendOutbound's halves, which SendAsync runs on two threads.
    struct OutboundPlan {
        ProjectId project;
        domain::PhoneNumber number;
        std::string to_input;
        std::string to_wa_id;
        domain::MessageType type;
        Timestamp now;
        std::optional<upstream::GraphSendResult> sent;  // Meta's answer
        domain::Message msg;
        std::optional<std::string> contact_name;  // set by StoreOutboundTx
    };
    Result<OutboundPlan> PrepareOutbound(const ProjectId& project,
                                         const domain::PhoneNumber& number,
                                         const domain::OutboundMessage& m, bool via_graph);
    // Records the plan's contact, conversation and message, inside `tx`.
    Result<void> StoreOutboundTx(store::Store& tx, OutboundPlan& plan);
    // Once stored (or not): schedules the sandbox's status progression, answers the caller.
    Result<SendReceipt> FinishOutbound(OutboundPlan& plan, Result<void> stored);
    // Meta mode: checks the 24-hour window (Meta would accept and fail the message later), opens
    // the number's token and posts the message to Meta. Nothing is stored here.
    Result<upstream::GraphSendResult> SendViaGraph(const ProjectId& project,
                                                   const domain::PhoneNumber& number,
                                                   const domain::OutboundMessage& m, Timestamp now);
    // Meta mode, production number, a message from Meta: Meta is told first (its error is the
    // caller's), then the stored status moves to read.
    Result<void> MarkRead(const ProjectId& project, const domain::PhoneNumber& number,
                          const domain::ReadReceipt& read);
    // Checks a template message against the number's WABA's stored templates
    // (domain::RenderTemplateMessage: 132001, 132000, ...) and returns its hydrated text.
    Result<std::string> RenderTemplate(const ProjectId& project, const domain::PhoneNumber& number,
                                       const domain::OutboundMessage& m);
    // A Meta webhook body parsed, and its inbound messages built, before the transaction that
    // applies it: the writer is held for the store's work only.
    struct ParsedWebhook {
        std::vector<domain::MetaNumberUpdate> updates;
        std::vector<std::vector<domain::Message>> messages;  // updates[i].messages, as stored
        // Meta's webhook body of each message's received event, serialized for the number as it
        // was before the transaction (refs[i]; none when it was unknown then).
        std::vector<std::optional<domain::MetaNumberRef>> refs;
        std::vector<std::vector<std::string>> meta_payloads;
        size_t items = 0;  // messages and statuses
    };
    // Numbers by Meta's phone_number_id, read outside any transaction (none: unknown).
    using NumberCache = std::map<std::string, std::optional<domain::PhoneNumber>>;
    Result<ParsedWebhook> ParseWebhook(const boost::json::value& body, NumberCache& numbers) const;
    Result<ParsedWebhook> ParseJob(const domain::Job& job, NumberCache& numbers) const;
    // Applies a parsed body inside `tx` (whose InboundBatch is `batch`; the caller flushes it).
    Result<void> IngestMetaWebhookTx(store::Store& tx, InboundBatch& batch, ParsedWebhook& body);
    // store_.Transact for an API request: counted in requests_waiting_ while it waits for the
    // writer and runs, so that ApplyJobs keeps its transactions short meanwhile.
    Result<void> RequestTransact(const std::function<Result<void>(store::Store&)>& fn);
    // Records one inbound message (from the sandbox or, later, Meta's webhook) in a transaction.
    Result<void> RecordInbound(const ProjectId& project, domain::Message m,
                               const std::optional<std::string>& profile_name);
    // Records one inbound message inside `tx`. `meta_message`: the message object as Meta sent
    // it (null: built from `m`).
    Result<void> RecordInboundTx(store::Store& tx, const ProjectId& project,
                                 const domain::PhoneNumber& number, domain::Message& m,
                                 const std::optional<std::string>& profile_name,
                                 const boost::json::object* meta_message);
    // The same with the thread's rows kept in `batch` (flushed by the caller); `meta_payload`,
    // when not null, is Meta's webhook body for the received event, serialized already.
    // `known_new`: the caller found m's wamid absent (Exists) in this transaction, so the insert
    // does not look it up again (MessageRepository::InsertKnownNew).
    Result<void> RecordInboundTx(store::Store& tx, InboundBatch& batch, const ProjectId& project,
                                 const domain::PhoneNumber& number, domain::Message& m,
                                 const std::optional<std::string>& profile_name,
                                 const boost::json::object* meta_message,
                                 const std::string* meta_payload, bool known_new);

    // One scheduled step of the sandbox status progression.
    struct StatusStep {
        Timestamp due;
        std::uint64_t seq = 0;  // acceptance order among steps due at the same time
        ProjectId project;
        std::string wamid;
        domain::MessageStatus status;
        // The message as this process last wrote it: the step moves it on with a guarded update
        // (UpdateIfUnchanged) instead of reading it back, and reads it only when the stored status
        // has moved meanwhile (another process) or when this is null.
        std::shared_ptr<const domain::Message> message;
        // The contact's name as the send found it (events show it), so that steps need not read
        // the contact again; unset: read it.
        std::optional<std::optional<std::string>> contact_name;
        bool operator>(const StatusStep& o) const {
            return due != o.due ? due > o.due : seq > o.seq;
        }
    };
    void Schedule(std::vector<StatusStep> steps);
    // A step made ready before its batch's transaction, outside the store's single writer: the
    // message as the step leaves it and the event it records, rendered from reads of the store as
    // it is just before. The transaction then only writes them, guarded by the status it expects.
    struct PreparedStep {
        domain::Message message;
        std::string before;           // the status the row must still have
        Timestamp before_updated_at;  // and its updated_at
        domain::MessageStatus next;
        std::optional<domain::Event> event;
    };
    // None when the step cannot be prepared (no carried message, a number gone, a failed read):
    // the transaction then applies it from the stored row (ApplyStepTx).
    std::optional<PreparedStep> PrepareStep(
        store::Store& snapshot, const StatusStep& step, Timestamp now,
        std::map<std::string, std::optional<domain::PhoneNumber>>& numbers);
    // The step after `step`, which left the message `m` with status `next`; none when final.
    std::optional<StatusStep> Following(const StatusStep& step, domain::MessageStatus next,
                                        domain::Message m, Timestamp now) const;
    // WriteDueStatuses's halves: the batch's writes inside `tx` (collecting the steps that
    // follow), then, once the transaction ended, the schedule.
    Result<void> WriteDueStatusesTx(store::Store& tx, DueStatuses& batch,
                                    std::vector<StatusStep>& following);
    Result<int> FinishDueStatuses(DueStatuses& batch, std::vector<StatusStep> following,
                                  Result<void> applied);
    // Applies one step inside `tx`; returns the following step, if any.
    Result<std::optional<StatusStep>> ApplyStepTx(
        store::Store& tx, const StatusStep& step, Timestamp now,
        std::map<std::string, std::optional<domain::PhoneNumber>>& numbers);
    // Whether `number`'s messages progress in the sandbox (not through Meta).
    bool UsesSandbox(const domain::PhoneNumber& number) const;
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
    MediaCatalog* media_ = nullptr;
    PhoneNumberCache* number_cache_ = nullptr;
    const SecretBox* box_;
    KeyedMutex send_order_;  // "<number>:<wa_id>": one Graph send at a time per recipient

    std::mutex steps_mu_;
    std::priority_queue<StatusStep, std::vector<StatusStep>, std::greater<>> steps_;
    std::unordered_set<std::string> scheduled_;  // wamids with a step in steps_ or being applied
    std::uint64_t step_seq_ = 0;
    // EnqueueMetaWebhook calls waiting for the store's writer: ApplyJobs ends its transaction
    // early for them.
    std::atomic<int> requests_waiting_{0};  // see RequestTransact
};

struct MessagingService::DueStatuses {
    Timestamp now;
    std::vector<StatusStep> due;
    // One per step of `due`; none when a step was not prepared (it is applied from the stored row).
    std::vector<std::optional<PreparedStep>> prepared;
    std::map<std::string, std::optional<domain::PhoneNumber>> numbers;

    bool Empty() const { return due.empty(); }
    size_t Size() const { return due.size(); }
};

}  // namespace wharf::service
