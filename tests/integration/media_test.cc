#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "base/crypto.h"
#include "tests/integration/fixture.h"
#include "tests/integration/webhook_sink.h"

namespace wharf::testing {
namespace {

namespace bj = boost::json;
namespace fs = std::filesystem;

const std::string kPngHead("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kPdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
constexpr const char* kBoundary = "----wharfTestBoundary7MA4YWxkTrZu0gW";

std::string Png(size_t size) {
    std::string s = kPngHead;
    s.resize(size, 'p');
    return s;
}

struct Part {
    std::string name;
    std::string value;
    std::optional<std::string> filename;
    std::optional<std::string> content_type;
};

std::string Multipart(const std::vector<Part>& parts, bool close = true) {
    std::string body;
    for (const auto& p : parts) {
        body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" +
                p.name + "\"";
        if (p.filename) {
            body += "; filename=\"" + *p.filename + "\"";
        }
        body += "\r\n";
        if (p.content_type) {
            body += "Content-Type: " + *p.content_type + "\r\n";
        }
        body += "\r\n" + p.value + "\r\n";
    }
    if (close) {
        body += std::string("--") + kBoundary + "--\r\n";
    }
    return body;
}

std::vector<Part> UploadParts(const std::string& bytes, const std::string& type,
                              const std::string& part_type) {
    return {
        {"messaging_product", "whatsapp"}, {"type", type}, {"file", bytes, "file.bin", part_type}};
}

void ExpectGraphError(const TestResponse& r, int status, int code) {
    EXPECT_EQ(r.status, status) << r.body;
    if (r.status == status) {
        EXPECT_EQ(r.Json().at("error").at("code"), code) << r.body;
    }
}

// The path and query of an absolute URL ("http://host:port/a?b" -> "/a?b").
std::string PathOf(const std::string& url) {
    size_t scheme = url.find("://");
    return url.substr(url.find('/', scheme + 3));
}

class MediaTest : public ServerFixture {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(ServerFixture::SetUp());
        number_ = app_->Bootstrap().sandbox_phone_number_id->value();
        base_ = "/meta/whatsapp/v24.0/";
    }

    TestResponse UploadRaw(const std::string& body, const std::string& key = kKey,
                           const std::string& number = "") {
        return client_->Send(
            "POST", base_ + (number.empty() ? number_ : number) + "/media", body,
            {{"X-API-Key", key},
             {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
    }

    std::string Upload(const std::string& bytes, const std::string& type = "image/png",
                       const std::string& part_type = "image/png") {
        auto r = UploadRaw(Multipart(UploadParts(bytes, type, part_type)));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? std::string(r.Json().at("id").as_string()) : "";
    }

    // Everything a failed upload could have left: blobs, writers' files, spooled bodies.
    size_t MediaFiles() {
        size_t n = 0;
        fs::path root = dir_ / "media";
        for (const char* sub : {"blobs", "tmp", "spool"}) {
            std::error_code ec;
            for (auto it = fs::recursive_directory_iterator(root / sub, ec);
                 !ec && it != fs::recursive_directory_iterator(); ++it) {
                n += it->is_regular_file() ? 1 : 0;
            }
        }
        return n;
    }

    // The server removes a spooled body just after it wrote the response: allow it a moment.
    size_t MediaFilesSettled() {
        for (int i = 0; i < 100 && MediaFiles() != 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return MediaFiles();
    }

    std::string number_;
    std::string base_;
};

TEST_F(MediaTest, UploadGetDownloadDelete) {
    std::string png = Png(20000);
    std::string id = Upload(png);
    ASSERT_FALSE(id.empty());

    auto got = client_->Get(base_ + id + "?phone_number_id=" + number_, kKey);
    ASSERT_EQ(got.status, 200) << got.body;
    auto j = got.Json().as_object();
    EXPECT_EQ(j.at("messaging_product"), "whatsapp");
    EXPECT_EQ(j.at("id").as_string(), id);
    EXPECT_EQ(j.at("mime_type"), "image/png");
    EXPECT_EQ(j.at("sha256").as_string(), Sha256Hex(png));
    EXPECT_EQ(j.at("file_size"), "20000");  // a string, as Meta's
    ASSERT_TRUE(j.at("download_url").is_string());
    EXPECT_TRUE(j.at("download_url_expires_at").is_string());
    std::string download = PathOf(std::string(j.at("download_url").as_string()));
    EXPECT_TRUE(download.starts_with("/meta/whatsapp/media_download?token=")) << download;

    // No API key: the token is the credential.
    auto bytes = client_->Send("GET", download);
    ASSERT_EQ(bytes.status, 200) << bytes.body;
    EXPECT_EQ(bytes.body, png);
    EXPECT_EQ(bytes.Header("content-type"), "image/png");
    EXPECT_EQ(bytes.Header("content-disposition"), "inline; filename=\"" + id + "\"");
    EXPECT_EQ(bytes.Header("cache-control"), "private, max-age=240");
    auto by_url = client_->Send("GET", PathOf(std::string(j.at("url").as_string())));
    EXPECT_EQ(by_url.body, png);

    // A tampered token, or none, is 404.
    EXPECT_EQ(client_->Send("GET", download + "x").status, 404);
    EXPECT_EQ(client_->Send("GET", "/meta/whatsapp/media_download").status, 404);

    auto del = client_->Delete(base_ + id + "?phone_number_id=" + number_, kKey);
    ASSERT_EQ(del.status, 200) << del.body;
    EXPECT_EQ(del.Json().at("success"), true);
    ExpectGraphError(client_->Get(base_ + id + "?phone_number_id=" + number_, kKey), 404, 100);
    EXPECT_EQ(client_->Send("GET", download).status, 404);
    ExpectGraphError(client_->Delete(base_ + id, kKey), 404, 100);
}

TEST_F(MediaTest, ShortTypesTakeThePartsType) {
    std::string id = Upload(kPdf, "document", "application/pdf");
    auto got = client_->Get(base_ + id + "?phone_number_id=" + number_, kKey);
    EXPECT_EQ(got.Json().at("mime_type"), "application/pdf");
}

TEST_F(MediaTest, BadUploadsAreGraphErrorsAndLeaveNothing) {
    struct Case {
        std::string what;
        std::string body;
        int code;
    };
    std::vector<Case> cases = {
        {"no file", Multipart({{"messaging_product", "whatsapp"}, {"type", "image/png"}}), 100},
        {"no messaging_product",
         Multipart({{"type", "image/png"}, {"file", Png(100), "a.png", "image/png"}}), 100},
        {"another messaging_product",
         Multipart({{"messaging_product", "sms"}, {"file", Png(100), "a.png", "image/png"}}), 100},
        {"unaccepted type", Multipart(UploadParts(Png(100), "image/gif", "image/gif")), 100},
        {"content not the type", Multipart(UploadParts(kPdf, "image/png", "image/png")), 131053},
        {"empty file", Multipart(UploadParts("", "image/png", "image/png")), 131053},
        {"image over 5 MB",
         Multipart(UploadParts(Png(5 * 1024 * 1024 + 1), "image/png", "image/png")), 131053},
        {"two files",
         Multipart({{"messaging_product", "whatsapp"},
                    {"file", Png(100), "a.png", "image/png"},
                    {"file", Png(100), "b.png", "image/png"}}),
         100},
        {"no closing boundary", Multipart(UploadParts(Png(100), "image/png", "image/png"), false),
         100},
        {"garbage", "this is not multipart at all", 100},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        ExpectGraphError(UploadRaw(c.body), 400, c.code);
    }
    // Not multipart at all.
    ExpectGraphError(client_->Send("POST", base_ + number_ + "/media", R"({"file":"x"})",
                                   {{"X-API-Key", kKey}, {"Content-Type", "application/json"}}),
                     400, 100);
    EXPECT_EQ(MediaFilesSettled(), 0u);
    // The server is fine afterwards.
    EXPECT_FALSE(Upload(Png(100)).empty());
}

TEST_F(MediaTest, AnnouncedBodiesOverTheLimitAreRefusedUnread) {
    // A raw request: the test client always sends the true Content-Length.
    namespace asio = boost::asio;
    asio::io_context io;
    asio::ip::tcp::socket sock(io);
    sock.connect({asio::ip::make_address("127.0.0.1"), app_->Port()});
    std::string head = "POST " + base_ + number_ +
                       "/media HTTP/1.1\r\nHost: x\r\nX-API-Key: " + kKey +
                       "\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
                       "\r\nContent-Length: " + std::to_string(200ull * 1024 * 1024) + "\r\n\r\n";
    asio::write(sock, asio::buffer(head));
    std::string answer;
    boost::system::error_code ec;
    char buf[4096];
    while (answer.find("\r\n\r\n") == std::string::npos) {
        size_t n = sock.read_some(asio::buffer(buf), ec);
        if (ec) {
            break;
        }
        answer.append(buf, n);
    }
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
    EXPECT_EQ(MediaFilesSettled(), 0u);
}

TEST_F(MediaTest, MediaIsScopedToItsProjectAndNumber) {
    std::string id = Upload(Png(100));
    std::string other = CreateOtherProjectKey();
    ExpectGraphError(client_->Get(base_ + id + "?phone_number_id=" + number_, other), 404, 100);
    ExpectGraphError(client_->Delete(base_ + id, other), 404, 100);
    ExpectGraphError(client_->Get(base_ + id + "?phone_number_id=123456789012345", kKey), 404, 100);
    ExpectGraphError(UploadRaw(Multipart(UploadParts(Png(100), "image/png", "image/png")), other),
                     404, 100);
    ExpectGraphError(
        UploadRaw(Multipart(UploadParts(Png(100), "image/png", "image/png")), kKey, "999000111"),
        404, 100);
    EXPECT_EQ(client_->Get(base_ + id, kKey).status, 200);
}

TEST_F(MediaTest, SendingByIdNeedsTheNumbersOwnMedia) {
    std::string id = Upload(Png(100));
    auto send = [&](const std::string& media_id) {
        return client_->Post(
            base_ + number_ + "/messages",
            bj::serialize(bj::object{{"messaging_product", "whatsapp"},
                                     {"to", "15550001111"},
                                     {"type", "image"},
                                     {"image", bj::object{{"id", media_id}, {"caption", "hi"}}}}),
            kKey);
    };
    // The 24-hour window: the user writes first.
    auto in = client_->Post("/sandbox/v1/phone_numbers/" + number_ + "/inbound",
                            R"({"from":"15550001111","type":"text","text":{"body":"hi"}})", kKey);
    ASSERT_EQ(in.status, 200) << in.body;
    auto ok = send(id);
    EXPECT_EQ(ok.status, 200) << ok.body;
    auto unknown = send("1234567890123456");
    ExpectGraphError(unknown, 400, 131009);
    EXPECT_NE(unknown.body.find("image.id"), std::string::npos) << unknown.body;
}

TEST_F(MediaTest, SimulatedUsersSendMediaThatDownloadsLikeAnyOther) {
    std::string uploaded = Upload(Png(3000));
    auto with_source = client_->Post("/sandbox/v1/phone_numbers/" + number_ + "/inbound",
                                     R"({"from":"15550002222","type":"image","image":{"id":")" +
                                         uploaded + R"(","caption":"look"}})",
                                     kKey);
    ASSERT_EQ(with_source.status, 200) << with_source.body;
    auto stand_in =
        client_->Post("/sandbox/v1/phone_numbers/" + number_ + "/inbound",
                      R"({"from":"15550002222","type":"document","document":{}})", kKey);
    ASSERT_EQ(stand_in.status, 200) << stand_in.body;
    auto link = client_->Post(
        "/sandbox/v1/phone_numbers/" + number_ + "/inbound",
        R"({"from":"15550002222","type":"image","image":{"link":"https://x/y.png"}})", kKey);
    EXPECT_EQ(link.status, 422) << link.body;

    auto list = client_->Get(base_ + number_ + "/messages?direction=inbound&limit=10", kKey);
    ASSERT_EQ(list.status, 200) << list.body;
    bj::value json = list.Json();
    const auto& data = json.at("data").as_array();
    ASSERT_EQ(data.size(), 2u);
    for (const auto& m : data) {
        std::string type(m.at("type").as_string());
        const auto& obj = m.at(type).as_object();
        std::string media_id(obj.at("id").as_string());
        EXPECT_NE(media_id, uploaded);  // a media object of its own
        auto got = client_->Get(base_ + media_id + "?phone_number_id=" + number_, kKey);
        ASSERT_EQ(got.status, 200) << got.body;
        EXPECT_EQ(got.Json().at("sha256"), obj.at("sha256"));
        EXPECT_EQ(got.Json().at("mime_type"), obj.at("mime_type"));
        auto bytes =
            client_->Send("GET", PathOf(std::string(got.Json().at("download_url").as_string())));
        EXPECT_EQ(bytes.status, 200);
        EXPECT_EQ(Sha256Hex(bytes.body), obj.at("sha256").as_string());
        if (type == "image") {
            EXPECT_EQ(bytes.body, Png(3000));
            EXPECT_EQ(obj.at("caption"), "look");
        } else {
            EXPECT_EQ(obj.at("mime_type"), "application/pdf");
        }
    }
}

TEST_F(MediaTest, ResumableUploadGivesAHeaderHandleTemplatesAccept) {
    std::string png = Png(4000);
    auto created = client_->Send(
        "POST",
        base_ + "1234567890/uploads?file_name=header.png&file_length=4000&file_type=image/png", "",
        {{"Authorization", std::string("OAuth ") + kKey}});
    ASSERT_EQ(created.status, 200) << created.body;
    std::string session(created.Json().at("id").as_string());
    ASSERT_TRUE(session.starts_with("upload:")) << session;

    auto chunk = [&](size_t from, size_t n, const std::string& offset) {
        return client_->Send("POST", base_ + session, png.substr(from, n),
                             {{"Authorization", std::string("OAuth ") + kKey},
                              {"file_offset", offset},
                              {"Content-Type", "application/octet-stream"}});
    };
    auto first = chunk(0, 1500, "0");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.Json().at("file_offset"), 1500);
    ExpectGraphError(chunk(0, 1500, "0"), 400, 100);  // the offset moved on
    auto status = client_->Get(base_ + session, kKey);
    ASSERT_EQ(status.status, 200) << status.body;
    EXPECT_EQ(status.Json().at("file_offset"), 1500);
    auto last = chunk(1500, 2500, "1500");
    ASSERT_EQ(last.status, 200) << last.body;
    std::string handle(last.Json().at("h").as_string());
    EXPECT_FALSE(handle.empty());
    ExpectGraphError(client_->Get(base_ + "upload:nope", kKey), 404, 100);
    ExpectGraphError(client_->Send("POST", base_ + "1/uploads?file_length=10&file_type=image/gif",
                                   "", {{"X-API-Key", kKey}}),
                     400, 100);

    std::string waba = app_->Bootstrap().sandbox_business_account_id->value();
    bj::object tmpl{
        {"name", "with_header"},
        {"language", "en_US"},
        {"category", "MARKETING"},
        {"components",
         bj::array{bj::object{{"type", "HEADER"},
                              {"format", "IMAGE"},
                              {"example", bj::object{{"header_handle", bj::array{handle}}}}},
                   bj::object{{"type", "BODY"}, {"text", "New arrivals are in"}}}}};
    auto t = client_->Post(base_ + waba + "/message_templates", bj::serialize(tmpl), kKey);
    EXPECT_EQ(t.status, 200) << t.body;
}

TEST_F(MediaTest, PlatformIngestFetchesASourceIntoMediaOrAHandle) {
    WebhookSink files;
    files.SetBehaviour([](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        a.body = kPdf;
        a.content_type = "application/pdf";
        return a;
    });
    auto ingest = [&](const std::string& delivery) {
        return client_->Post(
            "/platform/v1/whatsapp/media",
            bj::serialize(bj::object{{"media_ingest", bj::object{{"phone_number_id", number_},
                                                                 {"source", files.Url("/r.pdf")},
                                                                 {"delivery", delivery}}}}),
            kKey);
    };
    auto media = ingest("meta_media");
    ASSERT_EQ(media.status, 200) << media.body;
    bj::value json = media.Json();
    const auto& data = json.at("data").as_object();
    EXPECT_TRUE(data.at("ingest_id").is_string());
    EXPECT_EQ(data.at("target").at("kind"), "meta_media");
    std::string id(data.at("target").at("media_id").as_string());
    EXPECT_EQ(data.at("resource").at("mime_type"), "application/pdf");
    EXPECT_EQ(data.at("resource").at("filename"), "r.pdf");
    EXPECT_EQ(data.at("resource").at("size_bytes"), kPdf.size());
    EXPECT_EQ(data.at("resource").at("sha256").as_string(), Sha256Hex(kPdf));
    EXPECT_EQ(client_->Get(base_ + id + "?phone_number_id=" + number_, kKey).status, 200);

    auto handle = ingest("meta_resumable_asset");
    ASSERT_EQ(handle.status, 200) << handle.body;
    EXPECT_TRUE(handle.Json().at("data").at("target").at("handle").is_string());

    EXPECT_EQ(ingest("carrier_pigeon").status, 422);
    auto missing =
        client_->Post("/platform/v1/whatsapp/media",
                      R"({"media_ingest":{"phone_number_id":")" + number_ + R"("}})", kKey);
    EXPECT_EQ(missing.status, 422) << missing.body;
    EXPECT_EQ(client_->Post("/platform/v1/whatsapp/media", R"({"nope":{}})", kKey).status,
              400);  // no envelope
}

}  // namespace
}  // namespace wharf::testing
