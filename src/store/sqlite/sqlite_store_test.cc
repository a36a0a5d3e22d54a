#include "store/sqlite/sqlite_store.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>

#include <gtest/gtest.h>

#include "base/random.h"
#include "domain/message/wamid.h"
#include "store/sqlite/sqlite_migrator.h"
#include "store/sqlite/wamid_key.h"

namespace wharf::store::sqlite {
namespace {

// The WAL header's checkpoint sequence number: it goes up each time the WAL starts over.
std::uint32_t WalRestarts(const std::string& db_path) {
    std::ifstream in(db_path + "-wal", std::ios::binary);
    unsigned char header[16] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    return (std::uint32_t{header[12]} << 24) | (std::uint32_t{header[13]} << 16) |
           (std::uint32_t{header[14]} << 8) | header[15];
}

TEST(SqliteStore, TheWriterRestartsALongWalWhenTheCheckpointerAsks) {
    // Under a steady stream of writes the WAL only starts over when the writer begins a
    // transaction with every frame copied, which a checkpoint running beside the writer never
    // leaves it. The checkpointer does not hold writers back to restart it (a TRUNCATE checkpoint,
    // only at kForcedRestartFactor times the length): it asks, and the next group copies the last
    // frames itself and restarts the WAL. `other` plays the writes that land between the checkpoint
    // and the next group.
    auto dir = std::filesystem::temp_directory_path() / ("wharf-store-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    {
        SqliteOptions options;
        options.path = (dir / "wharf.db").string();
        options.checkpoint_period = std::chrono::hours(1);  // only when the test says
        options.wal_restart_frames = 200;
        auto store = SqliteStore::Open(options);
        ASSERT_TRUE(store) << store.error().message;
        auto other = SqliteConnection::Open(options.path, 1000);
        ASSERT_TRUE(other);
        ASSERT_TRUE((*other)->Exec("CREATE TABLE other (v TEXT)"));
        auto reader = SqliteConnection::Open(options.path, 1000);
        ASSERT_TRUE(reader);
        const ProjectId project("p1");
        ASSERT_TRUE((*store)->Projects().Insert(domain::Project{project, "p", Timestamp{}}));
        const std::string payload = RandomToken(1500);  // stays 1,500 bytes when packed
        auto write = [&] {
            return (*store)->Transact([&](Store& tx) -> Result<void> {
                domain::Event e;
                e.id = EventId(RandomToken(12));
                e.type = "test";
                e.payload = payload;
                return tx.Events().Insert(project, e);
            });
        };
        // A reader from before the checkpoint keeps `other` from restarting the WAL itself.
        auto checkpoint_then_write = [&] {
            ASSERT_TRUE((*reader)->Exec("BEGIN; SELECT count(*) FROM other"));
            ASSERT_TRUE((*store)->CheckpointNow());
            ASSERT_TRUE((*other)->Exec("INSERT INTO other VALUES ('after the checkpoint')"));
            ASSERT_TRUE((*reader)->Exec("COMMIT"));
            ASSERT_TRUE(write());
        };

        // A short WAL: nobody asks, and the frame written after the checkpoint keeps the WAL
        // from starting over.
        std::uint32_t restarts = WalRestarts(options.path);
        checkpoint_then_write();
        EXPECT_EQ(WalRestarts(options.path), restarts);

        // Longer than wal_restart_frames (each write appends a frame at least): asked, the
        // writer copies the last frame itself and starts the WAL over.
        for (int i = 0; i < 80; ++i) {
            ASSERT_TRUE(write());
        }
        checkpoint_then_write();
        const auto long_wal = std::filesystem::file_size(options.path + "-wal");
        EXPECT_EQ(WalRestarts(options.path), restarts + 1);
        for (int i = 0; i < 20; ++i) {
            ASSERT_TRUE(write());
        }
        EXPECT_EQ(std::filesystem::file_size(options.path + "-wal"), long_wal);  // from the start

        // Asked once: the following writes leave the WAL alone again.
        restarts = WalRestarts(options.path);
        ASSERT_TRUE((*reader)->Exec("BEGIN; SELECT count(*) FROM other"));
        ASSERT_TRUE((*other)->Exec("INSERT INTO other VALUES ('no checkpoint')"));
        ASSERT_TRUE((*reader)->Exec("COMMIT"));
        ASSERT_TRUE(write());
        EXPECT_EQ(WalRestarts(options.path), restarts);
    }
    std::filesystem::remove_all(dir);
}

// A store on a fresh file with one project, and a raw connection to the same file for writing
// rows as older migrations did and for looking at what the store wrote.
class SqliteRawRowsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("wharf-store-" + RandomToken(10));
        std::filesystem::create_directories(dir_);
        SqliteOptions options;
        options.path = (dir_ / "wharf.db").string();
        auto store = SqliteStore::Open(options);
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        ASSERT_TRUE(store_->Projects().Insert(domain::Project{project_, "p", Timestamp{}}));
        auto raw = SqliteConnection::Open(options.path, 1000);
        ASSERT_TRUE(raw);
        raw_ = std::move(*raw);
    }
    void TearDown() override {
        raw_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }
    // A message event's shape: the same wamid and field names many times over (packs well).
    static std::string MessageEventJson() {
        std::string json = R"({"message":{"id":"wamid.X","kapso":{"statuses":[)";
        for (int i = 0; i < 20; ++i) {
            json += R"({"id":"wamid.X","status":"delivered","recipient_id":"16660000001"},)";
        }
        return json + "{}]}}}";
    }

    // A contact and its active conversation, as the store writes them.
    domain::Conversation AddConversation(const std::string& id, const std::string& wa_id,
                                         const std::string& number = "pn-1") {
        domain::Contact contact;
        contact.id = ContactId("ct-" + id);
        contact.phone_number_id = PhoneNumberId(number);
        contact.wa_id = wa_id;
        EXPECT_TRUE(store_->Contacts().Insert(project_, contact));
        domain::Conversation c;
        c.id = ConversationId(id);
        c.phone_number_id = contact.phone_number_id;
        c.wa_id = wa_id;
        c.contact_id = contact.id;
        EXPECT_TRUE(store_->Conversations().Insert(project_, c));
        return c;
    }
    // The wamids `filter` lists, newest first, read two at a time through the `after` cursors.
    std::vector<std::string> ListInPagesOfTwo(const domain::MessageFilter& filter) {
        std::vector<std::string> seen;
        domain::KeysetRequest request;
        request.limit = 2;
        while (true) {
            auto page = store_->Messages().List(project_, filter, request);
            EXPECT_TRUE(page) << page.error().message;
            if (!page) {
                return seen;
            }
            for (const auto& m : page->items) {
                seen.push_back(m.wamid);
            }
            if (!page->has_older) {
                return seen;
            }
            request.after = domain::Keyset{page->items.back().created_at, page->items.back().wamid};
        }
    }

    // The first step of `select`'s query plan, which should name `index_use`.
    void ExpectPlanUses(const std::string& select, const std::string& index_use) {
        auto plan = raw_->Prepare("EXPLAIN QUERY PLAN " + select);
        ASSERT_TRUE(plan) << plan.error().message;
        ASSERT_TRUE(plan->Step().value_or(false));
        EXPECT_NE(plan->Text(3).find(index_use), std::string::npos) << plan->Text(3);
    }

    static domain::Message MessageIn(const domain::Conversation& c, const std::string& wamid,
                                     std::int64_t at_micros) {
        domain::Message m;
        m.wamid = wamid;
        m.phone_number_id = c.phone_number_id;
        m.conversation_id = c.id;
        m.contact_id = c.contact_id;
        m.wa_id = c.wa_id;
        m.direction = domain::MessageDirection::kOutbound;
        m.type = "text";
        m.payload = R"({"body":"hi"})";
        m.status = "accepted";
        m.origin = "api";
        m.content = "hi";
        m.created_at = m.updated_at = Timestamp(std::chrono::microseconds(at_micros));
        return m;
    }

    std::filesystem::path dir_;
    const ProjectId project_{"p1"};
    std::unique_ptr<SqliteStore> store_;
    std::unique_ptr<SqliteConnection> raw_;
};

TEST_F(SqliteRawRowsTest, ASlowCompletionDoesNotHoldTheNextGroupBack) {
    // TransactAsync's completions run on the store's completer thread: the thread that ran a
    // group goes on with the next one while they run.
    std::promise<void> first_completing;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<Result<void>> first_done;
    store_->TransactAsync([](Store&) -> Result<void> { return {}; },
                          [&](Result<void> r) {
                              first_completing.set_value();
                              released.wait();
                              first_done.set_value(std::move(r));
                          });
    ASSERT_EQ(first_completing.get_future().wait_for(std::chrono::seconds(10)),
              std::future_status::ready);
    std::promise<void> second_ran;
    std::promise<Result<void>> second_done;
    store_->TransactAsync(
        [&](Store& tx) -> Result<void> {
            second_ran.set_value();
            return tx.Projects().Insert(domain::Project{ProjectId("p2"), "p2", Timestamp{}});
        },
        [&](Result<void> r) { second_done.set_value(std::move(r)); });
    // The second group runs and commits while the first completion still waits.
    EXPECT_EQ(second_ran.get_future().wait_for(std::chrono::seconds(10)),
              std::future_status::ready);
    auto second = second_done.get_future();
    EXPECT_EQ(second.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout)
        << "completions are called one at a time, in order";
    release.set_value();
    EXPECT_TRUE(first_done.get_future().get());
    EXPECT_TRUE(second.get());
    EXPECT_TRUE(store_->Projects().Get(ProjectId("p2")));
}

TEST_F(SqliteRawRowsTest, EventsAreStoredPackedAndRowsFromBeforeMigration0010StillRead) {
    // A row as 0002-0009 wrote it: text columns, no packed blob.
    ASSERT_TRUE(
        raw_->Exec("INSERT INTO events (project_id, id, type, payload, meta_payload, created_at) "
                   "VALUES ('p1', 'legacy', 'whatsapp.message.sent', '{\"old\":1}', "
                   "'{\"meta\":1}', 5)"));
    // And one written now.
    const std::string payload = MessageEventJson();
    domain::Event e;
    e.id = EventId("packed");
    e.type = "whatsapp.message.delivered";
    e.payload = payload;
    e.meta_payload = std::nullopt;
    e.created_at = Timestamp(std::chrono::microseconds(7));
    ASSERT_TRUE(store_->Events().Insert(project_, e));

    {
        auto stored = raw_->Prepare(
            "SELECT payload, meta_payload IS NULL, length(packed) FROM events "
            "WHERE id = 'packed'");
        ASSERT_TRUE(stored);
        ASSERT_TRUE(stored->Step().value_or(false));
        EXPECT_EQ(stored->Text(0), "");
        EXPECT_TRUE(stored->Bool(1));
        EXPECT_LT(stored->Int64(2) * 2, static_cast<std::int64_t>(payload.size()));
    }

    auto events = store_->Events().ListAfter(0, 10);
    ASSERT_TRUE(events) << events.error().message;
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].event.id, EventId("legacy"));
    EXPECT_EQ((*events)[0].event.payload, R"({"old":1})");
    EXPECT_EQ((*events)[0].event.meta_payload, std::optional<std::string>(R"({"meta":1})"));
    EXPECT_EQ((*events)[1].event.id, EventId("packed"));
    EXPECT_EQ((*events)[1].event.payload, payload);
    EXPECT_FALSE((*events)[1].event.meta_payload.has_value());
    EXPECT_EQ((*events)[1].project_id, project_);
    auto listed = store_->Events().List(project_, 10);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[1].payload, payload);

    // A damaged blob is an error, not an empty payload.
    ASSERT_TRUE(raw_->Exec("UPDATE events SET packed = x'01ffff' WHERE id = 'packed'"));
    auto damaged = store_->Events().ListAfter(0, 10);
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteRawRowsTest, DeliveryBodiesAreStoredPackedAndRowsFromBeforeMigration0011StillRead) {
    const std::string body = MessageEventJson();
    domain::WebhookDelivery d;
    d.id = WebhookDeliveryId("packed");
    d.project_id = project_;
    d.webhook_id = WebhookId("wh-1");
    d.event = "whatsapp.message.delivered";
    d.body = body;
    d.idempotency_key = "key-packed";
    d.next_attempt_at = d.retry_from = d.event_created_at = d.created_at =
        Timestamp(std::chrono::microseconds(7));
    ASSERT_TRUE(store_->WebhookDeliveries().Insert(project_, d));
    // A row as 0004-0010 wrote it: the body as text, no packed blob.
    ASSERT_TRUE(raw_->Exec(
        "INSERT INTO webhook_deliveries (id, project_id, webhook_id, event, body, "
        "idempotency_key, batch_size, status, attempt_count, next_attempt_at, retry_from, "
        "event_created_at, created_at) VALUES ('legacy', 'p1', 'wh-1', "
        "'whatsapp.message.sent', "
        "'{\"old\":1}', 'key-legacy', 0, 'pending', 0, 5, 5, 5, 5)"));

    {
        auto stored = raw_->Prepare(
            "SELECT body, length(packed) FROM webhook_deliveries WHERE id = 'packed'");
        ASSERT_TRUE(stored);
        ASSERT_TRUE(stored->Step().value_or(false));
        EXPECT_EQ(stored->Text(0), "");
        EXPECT_LT(stored->Int64(1) * 2, static_cast<std::int64_t>(body.size()));
    }
    auto packed = store_->WebhookDeliveries().Get(project_, WebhookDeliveryId("packed"));
    ASSERT_TRUE(packed) << packed.error().message;
    EXPECT_EQ(packed->body, body);
    auto legacy = store_->WebhookDeliveries().Get(project_, WebhookDeliveryId("legacy"));
    ASSERT_TRUE(legacy) << legacy.error().message;
    EXPECT_EQ(legacy->body, R"({"old":1})");

    // A damaged blob is an error, not an empty body.
    ASSERT_TRUE(raw_->Exec("UPDATE webhook_deliveries SET packed = x'01' WHERE id = 'packed'"));
    auto damaged = store_->WebhookDeliveries().Get(project_, WebhookDeliveryId("packed"));
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteRawRowsTest, MessagesThatShareAWamidKeyAreToldApartByTheirWamid) {
    // FNV-1a collisions are too rare to find by chance: write a row under wamid.A's key with
    // another wamid, as a colliding one would be.
    const domain::Conversation c = AddConversation("cv-1", "15550001111");
    ASSERT_TRUE(raw_->Exec(
        "INSERT INTO messages (project_id, wamid, phone_number_id, conversation_id, contact_id, "
        "wa_id, direction, type, payload, status, statuses, origin, has_media, content, "
        "created_at, updated_at, wamid_key) VALUES ('p1', 'wamid.impostor', 'pn-1', 'cv-1', "
        "'ct-cv-1', '15550001111', 'outbound', 'text', '{}', 'accepted', '[]', 'api', 0, "
        "'impostor', 5, 5, " +
        std::to_string(WamidKey("wamid.A")) + ")"));

    EXPECT_FALSE(store_->Messages().Exists(project_, "wamid.A").value_or(true));
    auto missing = store_->Messages().Get(project_, "wamid.A");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    domain::Message a = MessageIn(c, "wamid.A", 10);
    ASSERT_TRUE(store_->Messages().Insert(project_, a));
    auto again = store_->Messages().Insert(project_, a);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

    a.status = "sent";
    ASSERT_TRUE(store_->Messages().Update(project_, a));
    auto got = store_->Messages().Get(project_, "wamid.A");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->content, "hi");
    EXPECT_EQ(got->status, "sent");
    auto impostor = raw_->Prepare("SELECT status FROM messages WHERE wamid = 'wamid.impostor'");
    ASSERT_TRUE(impostor);
    ASSERT_TRUE(impostor->Step().value_or(false));
    EXPECT_EQ(impostor->Text(0), "accepted");
}

TEST_F(SqliteRawRowsTest, AConversationsMessagesAreListedThroughItsIndexInKeysetOrder) {
    const domain::Conversation c1 = AddConversation("cv-1", "15550001111");
    const domain::Conversation c2 = AddConversation("cv-2", "15550002222");
    // Three of c1's messages share one created_at: their order is the wamid's.
    for (const char* wamid : {"wamid.c", "wamid.a", "wamid.b"}) {
        ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, wamid, 50)));
    }
    ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, "wamid.old", 40)));
    ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, "wamid.new", 60)));
    ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c2, "wamid.other", 55)));

    domain::MessageFilter filter;
    filter.conversation_id = c1.id;
    EXPECT_EQ(ListInPagesOfTwo(filter), (std::vector<std::string>{"wamid.new", "wamid.c", "wamid.b",
                                                                  "wamid.a", "wamid.old"}));
    ExpectPlanUses(
        "SELECT wamid FROM messages INDEXED BY messages_by_conversation WHERE "
        "project_id = 'p1' AND conversation_id = 'cv-1' AND (created_at, wamid) < "
        "(50, 'wamid.b') ORDER BY created_at DESC, wamid DESC LIMIT 3",
        "messages_by_conversation (conversation_id=? AND created_at<?)");
}

TEST_F(SqliteRawRowsTest, ANumbersAndAProjectsMessagesAreListedThroughTheirIndexesInKeysetOrder) {
    // messages_by_number and messages_by_created end at created_at (0014): the rows that share
    // one are sorted by wamid after the index range, as a conversation's are.
    const domain::Conversation c1 = AddConversation("cv-1", "15550001111", "pn-1");
    const domain::Conversation c2 = AddConversation("cv-2", "15550002222", "pn-2");
    for (const char* wamid : {"wamid.c", "wamid.a", "wamid.b"}) {
        ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, wamid, 50)));
    }
    for (const char* wamid : {"wamid.b2", "wamid.z2"}) {
        ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c2, wamid, 50)));
    }
    ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, "wamid.old", 40)));
    ASSERT_TRUE(store_->Messages().Insert(project_, MessageIn(c1, "wamid.new", 60)));

    domain::MessageFilter by_number;
    by_number.phone_number_id = PhoneNumberId("pn-1");
    EXPECT_EQ(
        ListInPagesOfTwo(by_number),
        (std::vector<std::string>{"wamid.new", "wamid.c", "wamid.b", "wamid.a", "wamid.old"}));
    EXPECT_EQ(ListInPagesOfTwo({}),
              (std::vector<std::string>{"wamid.new", "wamid.z2", "wamid.c", "wamid.b2", "wamid.b",
                                        "wamid.a", "wamid.old"}));
    ExpectPlanUses(
        "SELECT wamid FROM messages WHERE project_id = 'p1' AND phone_number_id = "
        "'pn-1' AND (created_at, wamid) < (50, 'wamid.b') ORDER BY created_at DESC, "
        "wamid DESC LIMIT 3",
        "messages_by_number (project_id=? AND phone_number_id=? AND created_at<?)");
    ExpectPlanUses(
        "SELECT wamid FROM messages WHERE project_id = 'p1' AND (created_at, wamid) < "
        "(50, 'wamid.b') ORDER BY created_at DESC, wamid DESC LIMIT 3",
        "messages_by_created (project_id=? AND created_at<?)");
}

// A message written by the schema of migration `before` (with `stored_key` in wamid_key, or
// without the column) is found by its wamid and listed by its conversation once the store has
// migrated the file to the end, with the key WamidKey gives.
void ExpectMessageFoundAfterMigrating(int before, const std::string& wamid,
                                      std::optional<std::int64_t> stored_key) {
    const std::string insert_message =
        "INSERT INTO messages (project_id, wamid, phone_number_id, conversation_id, contact_id, "
        "wa_id, direction, type, payload, status, statuses, origin, has_media, content, "
        "created_at, updated_at" +
        std::string(stored_key ? ", wamid_key" : "") + ") VALUES ('p1', '" + wamid +
        "', 'pn-1', 'cv-1', 'ct-1', '15550001111', 'inbound', 'text', '{\"body\":\"old\"}', "
        "'received', '[]', 'meta', 0, 'old', 5, 5" +
        (stored_key ? ", " + std::to_string(*stored_key) : std::string()) + ");";
    const auto dir = std::filesystem::temp_directory_path() / ("wharf-store-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "wharf.db").string();
    {
        auto raw = SqliteConnection::Open(path, 1000);
        ASSERT_TRUE(raw);
        auto migrations = EmbeddedSqliteMigrations();
        ASSERT_EQ(migrations[before - 1].version, before);
        ASSERT_TRUE(ApplySqliteMigrations(**raw, migrations.first(before)));
        ASSERT_TRUE((*raw)->Exec(
            "INSERT INTO projects (id, name, created_at) VALUES ('p1', 'p', 1);"
            "INSERT INTO contacts (project_id, id, phone_number_id, wa_id, metadata, created_at, "
            "updated_at) VALUES ('p1', 'ct-1', 'pn-1', '15550001111', '{}', 1, 1);"
            "INSERT INTO conversations (project_id, id, phone_number_id, wa_id, contact_id, "
            "status, created_at, updated_at, last_active_at, messages_count, metadata) VALUES "
            "('p1', 'cv-1', 'pn-1', '15550001111', 'ct-1', 'active', 1, 1, 1, 1, '{}');" +
            insert_message));
    }
    {
        SqliteOptions options;
        options.path = path;
        auto store = SqliteStore::Open(options);
        ASSERT_TRUE(store) << store.error().message;
        auto got = (*store)->Messages().Get(ProjectId("p1"), wamid);
        ASSERT_TRUE(got) << got.error().message;
        EXPECT_EQ(got->content, "old");
        EXPECT_EQ(got->conversation_id, ConversationId("cv-1"));
        EXPECT_TRUE((*store)->Messages().Exists(ProjectId("p1"), wamid).value_or(false));
        domain::MessageFilter filter;
        filter.conversation_id = ConversationId("cv-1");
        auto page = (*store)->Messages().List(ProjectId("p1"), filter, domain::KeysetRequest{});
        ASSERT_TRUE(page) << page.error().message;
        ASSERT_EQ(page->items.size(), 1u);
        EXPECT_EQ(page->items[0].wamid, wamid);
    }
    {
        auto raw = SqliteConnection::Open(path, 1000);
        ASSERT_TRUE(raw);
        auto key = (*raw)->Prepare("SELECT wamid_key FROM messages");
        ASSERT_TRUE(key);
        ASSERT_TRUE(key->Step().value_or(false));
        EXPECT_EQ(key->Int64(0), WamidKey(wamid));
    }
    std::filesystem::remove_all(dir);
}

TEST(SqliteMigrations, AMessageFrom0011IsKeyedAndListedBy0012) {
    // As 0002-0011 wrote one: no wamid_key.
    ExpectMessageFoundAfterMigrating(11, "wamid.legacy", std::nullopt);
}

TEST(SqliteMigrations, AMessageKeyedBy0012sHashIsRekeyedBy0013) {
    // A sandbox id wharf minted, keyed by 0012's plain FNV-1a hash (here: any other number).
    ExpectMessageFoundAfterMigrating(12, domain::MakeWamid(std::string(16, '\x42')), 7);
}

}  // namespace
}  // namespace wharf::store::sqlite
