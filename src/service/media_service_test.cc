#include "service/media_service.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "base/crypto.h"
#include "domain/media/media_token.h"
#include "service/project_service.h"
#include "service/testing/service_test_env.h"
#include "store/disk/disk_blob_store.h"

namespace wharf::service {
namespace {

namespace fs = std::filesystem;

const std::string kPngHead("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kPdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

std::string Png(size_t size) {
    std::string s = kPngHead;
    s.resize(size, 'x');
    return s;
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A UrlFetcher that serves fixed answers (the real one is tested against a loopback server).
class FakeFetcher final : public delivery::UrlFetcher {
public:
    std::string body;
    std::string content_type = "application/pdf";
    std::optional<Error> error;
    Result<delivery::FetchedHead> Fetch(
        const std::string& url, uint64_t max_bytes,
        const std::function<Result<void>(std::string_view)>& sink) override {
        last_url = url;
        if (error) {
            return Fail(*error);
        }
        if (body.size() > max_bytes) {
            return Fail(Error::ResourceExhausted("too large"));
        }
        WHARF_TRY(sink(body));
        return delivery::FetchedHead{content_type, std::string("report.pdf")};
    }
    std::string last_url;
};

class MediaServiceTest : public testing::SandboxServiceTest {
protected:
    void SetUp() override {
        SandboxServiceTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        // A second number in the same project, and a project of its own with a third.
        auto first = env_.store->PhoneNumbers().Get(project_, number_);
        ASSERT_TRUE(first);
        domain::PhoneNumber second = *first;
        second.internal_id = PhoneConfigId(NewUuid());
        second.phone_number_id = other_number_ = PhoneNumberId("777000111222333");
        ASSERT_TRUE(env_.store->PhoneNumbers().Insert(project_, second));
        auto other = projects_.CreateProject("other");
        ASSERT_TRUE(other);
        other_project_ = other->project_id;
        auto blobs = store::disk::DiskBlobStore::Open((env_.dir / "media").string());
        ASSERT_TRUE(blobs);
        blobs_ = std::move(*blobs);
        MediaServiceOptions o;
        o.public_url = "http://wharf.test";
        o.token_key = "token-key";
        o.staging_dir = (env_.dir / "uploads").string();
        media_ = std::make_unique<MediaService>(*env_.store, *blobs_, env_.clock, o, &fetcher_);
    }

    Result<domain::Media> Upload(const std::string& bytes, UploadDescription what,
                                 const PhoneNumberId* number = nullptr) {
        WHARF_ASSIGN_OR_RETURN(auto up, media_->BeginUpload(project_, number ? *number : number_));
        for (size_t at = 0; at < bytes.size(); at += 1000) {
            WHARF_TRY(up->Append(std::string_view(bytes).substr(at, 1000)));
        }
        return media_->FinishUpload(*up, what);
    }

    int BlobCount() {
        int n = 0;
        EXPECT_TRUE(blobs_->ForEach([&](const std::string&, Timestamp) { ++n; }));
        return n;
    }

    std::string TokenOf(const std::string& url) { return url.substr(url.find("token=") + 6); }

    ProjectService projects_{*env_.store, env_.clock};
    std::unique_ptr<store::disk::DiskBlobStore> blobs_;
    FakeFetcher fetcher_;
    std::unique_ptr<MediaService> media_;
    ProjectId other_project_;
    PhoneNumberId other_number_;
};

TEST_F(MediaServiceTest, UploadStoresTheBytesAndTheirFacts) {
    std::string png = Png(5000);
    auto m = Upload(png, {"image/png", "photo.png", "image/png"});
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->id.value().size(), 16u);
    EXPECT_EQ(m->mime_type, "image/png");
    EXPECT_EQ(m->sha256, Sha256Hex(png));
    EXPECT_EQ(m->file_size, 5000u);
    EXPECT_EQ(m->filename, std::optional<std::string>("photo.png"));
    EXPECT_EQ(m->expires_at - m->created_at, std::chrono::hours(24 * 30));
    auto got = media_->Get(project_, m->id, number_);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->sha256, m->sha256);
    EXPECT_EQ(ReadAll(*blobs_->LocalPath(m->sha256)), png);
}

TEST_F(MediaServiceTest, ShortTypesAndMissingTypesResolveFromThePartOrTheBytes) {
    auto by_part = Upload(Png(100), {"image", std::nullopt, "image/png"});
    ASSERT_TRUE(by_part) << by_part.error().message;
    EXPECT_EQ(by_part->mime_type, "image/png");
    auto by_sniff = Upload(kPdf, {"document", std::nullopt, "application/octet-stream"});
    ASSERT_TRUE(by_sniff) << by_sniff.error().message;
    EXPECT_EQ(by_sniff->mime_type, "application/pdf");
    auto untyped = Upload(kPdf, {"", std::nullopt, std::nullopt});
    ASSERT_TRUE(untyped);
    EXPECT_EQ(untyped->mime_type, "application/pdf");

    EXPECT_EQ(ResolveUploadMime({"image", std::nullopt, "application/pdf"}, "application/pdf"), "");
    EXPECT_EQ(ResolveUploadMime({"Image/PNG", std::nullopt, "image/jpeg"}, "image/jpeg"),
              "image/png");
}

TEST_F(MediaServiceTest, BadUploadsAreGraphErrorsAndStoreNothing) {
    struct Case {
        std::string bytes;
        UploadDescription what;
        int graph_code;
        std::string field;
    };
    std::vector<Case> cases = {
        {Png(100), {"image/gif", std::nullopt, std::nullopt}, 100, "type"},
        {kPdf, {"image/png", std::nullopt, std::nullopt}, 131053, "file"},
        {"", {"image/png", std::nullopt, std::nullopt}, 131053, "file"},
        {Png(5 * 1024 * 1024 + 1), {"image/png", std::nullopt, std::nullopt}, 131053, "file"},
        {Png(100), {"video", std::nullopt, "image/png"}, 100, "type"},
    };
    for (const auto& c : cases) {
        auto m = Upload(c.bytes, c.what);
        ASSERT_FALSE(m) << c.what.type;
        ASSERT_TRUE(m.error().graph) << m.error().message;
        EXPECT_EQ(m.error().graph->code, c.graph_code) << c.what.type << " " << m.error().message;
        EXPECT_EQ(m.error().field, std::optional<std::string>(c.field)) << c.what.type;
    }
    EXPECT_EQ(BlobCount(), 0);
    fs::path tmp = env_.dir / "media" / "tmp";
    EXPECT_TRUE(fs::is_empty(tmp));
}

TEST_F(MediaServiceTest, AFileOverAHundredMegabytesIsRefusedWhileStreaming) {
    auto up = media_->BeginUpload(project_, number_);
    ASSERT_TRUE(up);
    std::string chunk(1024 * 1024, 'a');
    Result<void> r;
    int chunks = 0;
    while ((r = (*up)->Append(chunk)) && chunks < 200) {
        ++chunks;
    }
    ASSERT_FALSE(r);
    EXPECT_EQ(chunks, 100);
    EXPECT_EQ(r.error().graph->code, 131053);
}

TEST_F(MediaServiceTest, MediaBelongsToItsNumberAndProject) {
    auto m = Upload(Png(100), {"image/png", std::nullopt, std::nullopt});
    ASSERT_TRUE(m);
    EXPECT_EQ(media_->Get(other_project_, m->id, std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(media_->Get(project_, m->id, other_number_).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(media_->FindForNumber(project_, other_number_, m->id).error().code,
              ErrorCode::kNotFound);
    EXPECT_TRUE(media_->FindForNumber(project_, number_, m->id));
    EXPECT_EQ(media_->Delete(other_project_, m->id, std::nullopt).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(media_->BeginUpload(other_project_, number_).error().field,
              std::optional<std::string>("phone_number_id"));
}

TEST_F(MediaServiceTest, DownloadTokensOpenTheBytesForFiveMinutes) {
    std::string png = Png(300);
    auto m = Upload(png, {"image/png", std::nullopt, std::nullopt});
    ASSERT_TRUE(m);
    MediaLinks links = media_->LinksFor(project_, *m);
    EXPECT_TRUE(links.url.starts_with("http://wharf.test/meta/whatsapp/media_download?token="));
    EXPECT_TRUE(links.download_url.starts_with("http://wharf.test/meta/whatsapp/media_download?"));
    auto file = media_->OpenDownload(TokenOf(links.url));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(ReadAll(file->path), png);
    EXPECT_EQ(file->media.mime_type, "image/png");

    env_.clock.Advance(std::chrono::seconds(241));
    EXPECT_EQ(media_->OpenDownload(TokenOf(links.download_url)).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(media_->OpenDownload(TokenOf(links.url)));
    env_.clock.Advance(std::chrono::seconds(60));
    EXPECT_EQ(media_->OpenDownload(TokenOf(links.url)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(media_->OpenDownload("garbage").error().code, ErrorCode::kNotFound);
}

TEST_F(MediaServiceTest, DeletedMediaCannotBeDownloadedAndItsBlobIsCollectedAfterTheGrace) {
    // The collector compares the blobs' file times with the clock: start from the real time.
    env_.clock.SetNowForTest(SystemClock().Now());
    std::string png = Png(400);
    auto m = Upload(png, {"image/png", std::nullopt, std::nullopt});
    auto twin = Upload(png, {"image/png", std::nullopt, std::nullopt});
    ASSERT_TRUE(m && twin);
    std::string token = TokenOf(media_->LinksFor(project_, *m).url);
    ASSERT_TRUE(media_->Delete(project_, m->id, number_));
    EXPECT_EQ(media_->OpenDownload(token).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(media_->Delete(project_, m->id, number_).error().code, ErrorCode::kNotFound);

    // The blob is shared with the twin: kept.
    env_.clock.SetNowForTest(SystemClock().Now() + std::chrono::minutes(10));
    EXPECT_EQ(*media_->CollectBlobs(), 0);
    EXPECT_EQ(BlobCount(), 1);
    ASSERT_TRUE(media_->Delete(project_, twin->id, std::nullopt));
    env_.clock.SetNowForTest(SystemClock().Now() + std::chrono::minutes(4));
    EXPECT_EQ(*media_->CollectBlobs(), 0);  // within the grace
    env_.clock.SetNowForTest(SystemClock().Now() + std::chrono::minutes(10));
    EXPECT_EQ(*media_->CollectBlobs(), 1);
    EXPECT_EQ(BlobCount(), 0);
}

TEST_F(MediaServiceTest, UploadsExpireAfterThirtyDays) {
    auto m = Upload(Png(100), {"image/png", std::nullopt, std::nullopt});
    ASSERT_TRUE(m);
    env_.clock.Advance(std::chrono::hours(24 * 30) - std::chrono::seconds(1));
    EXPECT_EQ(*media_->Sweep(), 0);
    EXPECT_TRUE(media_->Get(project_, m->id, std::nullopt));
    env_.clock.Advance(std::chrono::seconds(1));
    // Past its expiry it is gone at once, before the sweep removes the row.
    EXPECT_EQ(media_->Get(project_, m->id, std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(*media_->Sweep(), 1);
    EXPECT_EQ(env_.store->Media().Get(project_, m->id).error().code, ErrorCode::kNotFound);
}

TEST_F(MediaServiceTest, InboundMediaCopiesASourceOrMintsAStandIn) {
    auto src = Upload(Png(100), {"image/png", "cat.png", std::nullopt});
    ASSERT_TRUE(src);
    auto copy = media_->MintInbound(project_, number_, domain::MediaCategory::kImage, src->id);
    ASSERT_TRUE(copy) << copy.error().message;
    EXPECT_NE(copy->id, src->id);
    EXPECT_EQ(copy->sha256, src->sha256);
    EXPECT_EQ(copy->origin, domain::MediaOrigin::kInbound);
    EXPECT_EQ(copy->expires_at - copy->created_at, std::chrono::hours(24 * 7));
    EXPECT_FALSE(
        media_->MintInbound(project_, other_number_, domain::MediaCategory::kImage, src->id));

    using C = domain::MediaCategory;
    for (C c : {C::kImage, C::kVideo, C::kAudio, C::kDocument, C::kSticker}) {
        auto m = media_->MintInbound(project_, number_, c, std::nullopt);
        ASSERT_TRUE(m) << domain::ToString(c);
        std::string bytes = ReadAll(*blobs_->LocalPath(m->sha256));
        std::span<const uint8_t> head(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        auto checked = domain::CheckMediaUpload(m->mime_type, head, bytes.size());
        ASSERT_TRUE(checked) << domain::ToString(c) << ": " << checked.error().graph->details;
        EXPECT_EQ(*checked, c);
    }
}

TEST_F(MediaServiceTest, ResumableUploadsAppendAtTheOffsetAndEndWithAHandle) {
    auto s = media_->CreateSession(project_, "header.png", 2500, "image/png");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->offset, 0u);
    std::string png = Png(2500);
    auto chunk = [&](size_t from, size_t n) {
        fs::path p = env_.dir / ("chunk-" + std::to_string(from));
        std::ofstream(p, std::ios::binary) << png.substr(from, n);
        return p.string();
    };
    auto first = media_->AppendSession(project_, s->id, 0, chunk(0, 1000), 1000);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->offset, 1000u);
    EXPECT_FALSE(first->handle);
    // A wrong offset names the right one; a chunk past the declared length is refused.
    auto wrong = media_->AppendSession(project_, s->id, 0, chunk(0, 1000), 1000);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().graph->details.find("1000"), std::string::npos);
    EXPECT_FALSE(media_->AppendSession(project_, s->id, 1000, chunk(1000, 1501), 1501));
    EXPECT_EQ(media_->GetSession(other_project_, s->id).error().code, ErrorCode::kNotFound);

    auto last = media_->AppendSession(project_, s->id, 1000, chunk(1000, 1500), 1500);
    ASSERT_TRUE(last) << last.error().message;
    EXPECT_EQ(last->offset, 2500u);
    ASSERT_TRUE(last->handle);
    EXPECT_TRUE(last->handle->starts_with("4::"));
    EXPECT_EQ(last->sha256, std::optional<std::string>(Sha256Hex(png)));
    EXPECT_EQ(ReadAll(*blobs_->LocalPath(*last->sha256)), png);
    // The last chunk retried: the same answer.
    auto again = media_->AppendSession(project_, s->id, 1000, chunk(1000, 1500), 1500);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->handle, last->handle);

    EXPECT_FALSE(media_->CreateSession(project_, "x", 0, "image/png"));
    EXPECT_FALSE(media_->CreateSession(project_, "x", 10, "image/gif"));
}

TEST_F(MediaServiceTest, IngestFetchesTheSourceIntoMediaOrAHandle) {
    fetcher_.body = kPdf;
    MediaIngestRequest req{number_, "https://files.example.com/report.pdf"};
    auto r = media_->Ingest(project_, req);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, "meta_media");
    ASSERT_TRUE(r->media_id);
    EXPECT_EQ(r->mime_type, "application/pdf");
    EXPECT_EQ(r->filename, "report.pdf");
    EXPECT_EQ(r->size_bytes, kPdf.size());
    EXPECT_EQ(r->sha256, Sha256Hex(kPdf));
    EXPECT_TRUE(media_->Get(project_, MediaId(*r->media_id), number_));

    req.delivery = "meta_resumable_asset";
    auto h = media_->Ingest(project_, req);
    ASSERT_TRUE(h);
    ASSERT_TRUE(h->handle);
    EXPECT_FALSE(h->media_id);

    req.delivery = "somewhere";
    EXPECT_EQ(media_->Ingest(project_, req).error().field, std::optional<std::string>("delivery"));
    req.delivery = "meta_media";
    fetcher_.error = Error::InvalidArgument("source resolves to a loopback address");
    EXPECT_EQ(media_->Ingest(project_, req).error().field, std::optional<std::string>("source"));
    fetcher_.error.reset();
    fetcher_.body = "plain words";
    fetcher_.content_type = "image/png";
    EXPECT_EQ(media_->Ingest(project_, req).error().graph->code, 131053);
}

}  // namespace
}  // namespace wharf::service
