#include "service/media_service.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/log.h"
#include "base/random.h"
#include "domain/media/media_token.h"

namespace wharf::service {

namespace {

constexpr size_t kSniffBytes = 4096;
// The largest file Meta takes (documents); per-type limits are checked once the type is known.
constexpr uint64_t kMaxUploadBytes = 100ull * 1024 * 1024;

std::span<const uint8_t> Bytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::optional<domain::MediaCategory> ShortType(std::string_view t) {
    for (auto c : {domain::MediaCategory::kAudio, domain::MediaCategory::kDocument,
                   domain::MediaCategory::kImage, domain::MediaCategory::kSticker,
                   domain::MediaCategory::kVideo}) {
        if (t == domain::ToString(c)) {
            return c;
        }
    }
    return std::nullopt;
}

// Graph's handles look like "4::<base64 mime>:<opaque>"; only their uniqueness matters.
std::string NewUploadHandle(const std::string& mime) {
    return "4::" + Base64Encode(mime) + ":" + RandomToken(40);
}

// Timestamps are microseconds; retention and TTLs are coarser.
template <class Duration>
std::chrono::microseconds Micros(Duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d);
}

Error MediaNotFound() {
    return Error::NotFound("Media not found").WithField("media_id");
}

// Stand-in files for simulated users' media messages sent without a source: the smallest bytes
// that the type's sniffer recognises (not meant to be played).
std::pair<std::string, std::string> Placeholder(domain::MediaCategory category) {
    using C = domain::MediaCategory;
    switch (category) {
        case C::kImage: {
            // A 1x1 transparent PNG.
            static const unsigned char png[] = {
                0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
                0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
                0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
                0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00,
                0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
            return {"image/png", std::string(reinterpret_cast<const char*>(png), sizeof png)};
        }
        case C::kSticker: {
            static const char webp[] =
                "RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07";
            return {"image/webp", std::string(webp, sizeof webp)};  // the final NUL is data
        }
        case C::kVideo: {
            static const char mp4[] =
                "\0\0\0\x18"
                "ftypmp42"
                "\0\0\0\0"
                "mp42isom";
            return {"video/mp4", std::string(mp4, sizeof mp4 - 1)};
        }
        case C::kAudio: {
            static const char ogg[] =
                "OggS\0\x02\0\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x01\x13"
                "OpusHead\x01\x01\x38\x01\x80\xbb\0\0\0\0";
            return {"audio/ogg", std::string(ogg, sizeof ogg)};  // the final NUL is data
        }
        case C::kDocument:
            return {"application/pdf",
                    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
                    "/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"};
    }
    return {"application/pdf", "%PDF-1.4\n%%EOF\n"};
}

Result<void> CopyFileInto(const std::string& from, int to_fd, uint64_t expected) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        return Fail(Error::Internal("cannot open the uploaded chunk: " +
                                    std::string(std::strerror(errno))));
    }
    std::vector<char> buf(256 * 1024);
    uint64_t copied = 0;
    while (true) {
        ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        for (ssize_t at = 0; at < n;) {
            ssize_t w = ::write(to_fd, buf.data() + at, static_cast<size_t>(n - at));
            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w < 0) {
                ::close(in);
                return Fail(Error::Internal("cannot stage the uploaded chunk: " +
                                            std::string(std::strerror(errno))));
            }
            at += w;
        }
        copied += static_cast<uint64_t>(n);
    }
    ::close(in);
    if (copied != expected) {
        return Fail(Error::Internal("the uploaded chunk changed while it was staged"));
    }
    return {};
}

}  // namespace

std::string ResolveUploadMime(const UploadDescription& what,
                              const std::optional<std::string>& sniffed) {
    std::string declared = domain::NormalizeMimeType(what.type);
    std::optional<std::string> part;
    if (what.part_type) {
        std::string p = domain::NormalizeMimeType(*what.part_type);
        if (!p.empty() && p != "application/octet-stream") {
            part = p;
        }
    }
    if (auto category = ShortType(declared)) {
        for (const auto& candidate : {part, sniffed}) {
            if (candidate && domain::CategoryOfMimeType(*candidate) == category) {
                return *candidate;
            }
        }
        return "";
    }
    if (!declared.empty()) {
        return declared;
    }
    if (part) {
        return *part;
    }
    return sniffed.value_or("");
}

Result<void> MediaUpload::Append(std::string_view data) {
    if (writer_->Size() + data.size() > kMaxUploadBytes) {
        return Fail(Error::InvalidArgument("Media upload error")
                        .WithField("file")
                        .WithGraph(131053,
                                   "the file is larger than the largest media Meta takes "
                                   "(100 MB)"));
    }
    if (head_.size() < kSniffBytes) {
        head_.append(data.substr(0, kSniffBytes - head_.size()));
    }
    return writer_->Append(data);
}

Result<void> MediaService::CheckNumber(const ProjectId& project, const PhoneNumberId& number) {
    auto found = store_.PhoneNumbers().Get(project, number);
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) {
            return Fail(Error::NotFound("Unknown phone number id " + number.value())
                            .WithField("phone_number_id"));
        }
        return Fail(found.error());
    }
    return {};
}

Result<std::unique_ptr<MediaUpload>> MediaService::BeginUpload(const ProjectId& project,
                                                               const PhoneNumberId& number) {
    WHARF_TRY(CheckNumber(project, number));
    WHARF_ASSIGN_OR_RETURN(auto writer, blobs_.Create());
    return std::unique_ptr<MediaUpload>(new MediaUpload(project, number, std::move(writer)));
}

Result<domain::Media> MediaService::StoreMedia(const ProjectId& project,
                                               const PhoneNumberId& number,
                                               const store::BlobInfo& blob, std::string mime,
                                               std::optional<std::string> filename,
                                               domain::MediaOrigin origin) {
    domain::Media m;
    m.id = MediaId(RandomDigits(16));
    m.phone_number_id = number;
    m.mime_type = std::move(mime);
    m.sha256 = blob.sha256;
    m.file_size = blob.size;
    m.filename = std::move(filename);
    m.origin = origin;
    m.created_at = clock_.Now();
    m.expires_at =
        m.created_at + (origin == domain::MediaOrigin::kInbound ? Micros(domain::kInboundRetention)
                                                                : Micros(domain::kUploadRetention));
    WHARF_TRY(store_.Media().Insert(project, m));
    return m;
}

Result<domain::Media> MediaService::FinishUpload(MediaUpload& upload,
                                                 const UploadDescription& what) {
    std::string mime = ResolveUploadMime(what, domain::SniffMimeType(Bytes(upload.head_)));
    if (mime.empty()) {
        mime = what.type.empty() ? std::string("unknown") : what.type;
    }
    WHARF_TRY(domain::CheckMediaUpload(mime, Bytes(upload.head_), upload.Size()));
    WHARF_ASSIGN_OR_RETURN(store::BlobInfo blob, upload.writer_->Commit());
    std::optional<std::string> filename = what.filename;
    if (filename && (filename->empty() || filename->size() > 240)) {
        filename.reset();
    }
    return StoreMedia(upload.project_, upload.number_, blob, domain::NormalizeMimeType(mime),
                      std::move(filename), domain::MediaOrigin::kUpload);
}

Result<domain::Media> MediaService::Get(const ProjectId& project, const MediaId& id,
                                        const std::optional<PhoneNumberId>& number) {
    auto m = store_.Media().Get(project, id);
    if (!m) {
        if (m.error().code == ErrorCode::kNotFound) {
            return Fail(MediaNotFound());
        }
        return m;
    }
    if (m->expires_at <= clock_.Now() || (number && m->phone_number_id != *number)) {
        return Fail(MediaNotFound());
    }
    return m;
}

MediaLinks MediaService::LinksFor(const ProjectId& project, const domain::Media& m) const {
    Timestamp now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
    auto link = [&](std::chrono::seconds ttl) {
        domain::MediaTokenClaims c{project, m.id, now + ttl};
        return options_.public_url + "/meta/whatsapp/media_download?token=" +
               domain::SignMediaToken(c, options_.token_key);
    };
    return {link(options_.url_ttl), link(options_.download_url_ttl),
            now + options_.download_url_ttl};
}

Result<void> MediaService::Delete(const ProjectId& project, const MediaId& id,
                                  const std::optional<PhoneNumberId>& number) {
    WHARF_TRY(Get(project, id, number));
    auto deleted = store_.Media().Delete(project, id);
    if (!deleted && deleted.error().code == ErrorCode::kNotFound) {
        return Fail(MediaNotFound());
    }
    return deleted;
}

Result<MediaFile> MediaService::OpenDownload(std::string_view token) {
    WHARF_ASSIGN_OR_RETURN(auto claims,
                           domain::VerifyMediaToken(token, options_.token_key, clock_.Now()));
    WHARF_ASSIGN_OR_RETURN(domain::Media m, Get(claims.project_id, claims.media_id, std::nullopt));
    auto path = blobs_.LocalPath(m.sha256);
    if (!path) {
        if (path.error().code == ErrorCode::kNotFound) {
            log::Error("media " + m.id.value() + " has no blob " + m.sha256);
            return Fail(MediaNotFound());
        }
        return Fail(path.error());
    }
    return MediaFile{std::move(m), std::move(*path)};
}

std::string MediaService::StagingPath(const std::string& session_id) const {
    return options_.staging_dir + "/" + session_id + ".part";
}

Result<domain::UploadSession> MediaService::CreateSession(const ProjectId& project,
                                                          const std::string& file_name,
                                                          uint64_t file_length,
                                                          const std::string& file_type) {
    if (options_.staging_dir.empty()) {
        return Fail(Error::Unimplemented("resumable uploads are not configured"));
    }
    if (file_length == 0 || file_length > kMaxUploadBytes) {
        return Fail(Error::InvalidArgument("Invalid parameter")
                        .WithField("file_length")
                        .WithGraph(100, "Param file_length must be between 1 and " +
                                            std::to_string(kMaxUploadBytes) + " bytes."));
    }
    std::string mime = domain::NormalizeMimeType(file_type);
    if (!domain::CategoryOfMimeType(mime) && mime != "application/json") {
        return Fail(Error::InvalidArgument("Invalid parameter")
                        .WithField("file_type")
                        .WithGraph(100, "Param file_type must be a supported media type; got '" +
                                            file_type + "'."));
    }
    domain::UploadSession s;
    s.id = RandomToken(32);
    s.file_name = file_name.empty() ? std::string("upload") : file_name;
    s.file_length = file_length;
    s.file_type = mime;
    s.created_at = clock_.Now();
    s.expires_at = s.created_at + Micros(options_.session_ttl);
    std::error_code ec;
    std::filesystem::create_directories(options_.staging_dir, ec);
    int fd = ::open(StagingPath(s.id).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Fail(Error::Internal("cannot create the upload's staging file: " +
                                    std::string(std::strerror(errno))));
    }
    ::close(fd);
    auto inserted = store_.Media().InsertSession(project, s);
    if (!inserted) {
        std::filesystem::remove(StagingPath(s.id), ec);
        return Fail(inserted.error());
    }
    return s;
}

Result<domain::UploadSession> MediaService::GetSession(const ProjectId& project,
                                                       const std::string& id) {
    auto s = store_.Media().GetSession(project, id);
    if (!s && s.error().code == ErrorCode::kNotFound) {
        return Fail(Error::NotFound("Upload session not found").WithField("upload_session"));
    }
    return s;
}

Result<domain::UploadSession> MediaService::AppendSession(const ProjectId& project,
                                                          const std::string& id, uint64_t offset,
                                                          const std::string& chunk_path,
                                                          uint64_t chunk_size) {
    WHARF_ASSIGN_OR_RETURN(domain::UploadSession s, GetSession(project, id));
    if (s.handle) {
        return s;  // complete already: a retried last chunk gets the same answer
    }
    if (offset != s.offset) {
        return Fail(Error::FailedPrecondition("Invalid file offset")
                        .WithField("file_offset")
                        .WithGraph(100, "file_offset must be " + std::to_string(s.offset) +
                                            ", the bytes received so far; got " +
                                            std::to_string(offset) + "."));
    }
    if (chunk_size == 0 || s.offset + chunk_size > s.file_length) {
        return Fail(Error::InvalidArgument("Invalid parameter")
                        .WithField("file")
                        .WithGraph(100, "the chunk must hold between 1 and " +
                                            std::to_string(s.file_length - s.offset) +
                                            " bytes; got " + std::to_string(chunk_size) + "."));
    }
    std::string staged = StagingPath(s.id);
    int fd = ::open(staged.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        return Fail(Error::Internal("the upload's staging file is missing"));
    }
    // Cut anything a failed earlier append left past the recorded offset, then append.
    if (::ftruncate(fd, static_cast<off_t>(s.offset)) != 0 ||
        ::lseek(fd, static_cast<off_t>(s.offset), SEEK_SET) < 0) {
        ::close(fd);
        return Fail(Error::Internal("cannot position the upload's staging file"));
    }
    auto copied = CopyFileInto(chunk_path, fd, chunk_size);
    int sync_rc = copied ? ::fdatasync(fd) : 0;
    ::close(fd);
    WHARF_TRY(copied);
    if (sync_rc != 0) {
        return Fail(Error::Internal("cannot sync the upload's staging file"));
    }
    uint64_t expected = s.offset;
    s.offset += chunk_size;
    if (s.offset == s.file_length) {
        WHARF_ASSIGN_OR_RETURN(store::BlobInfo blob, blobs_.Adopt(staged));
        s.sha256 = blob.sha256;
        s.handle = NewUploadHandle(s.file_type);
    }
    WHARF_TRY(store_.Media().UpdateSession(project, s, expected));
    return s;
}

Result<MediaIngestResult> MediaService::Ingest(const ProjectId& project,
                                               const MediaIngestRequest& request) {
    if (request.delivery != "meta_media" && request.delivery != "meta_resumable_asset") {
        return Fail(Error::InvalidArgument("delivery must be meta_media or meta_resumable_asset")
                        .WithField("delivery"));
    }
    WHARF_TRY(CheckNumber(project, request.phone_number_id));
    if (fetcher_ == nullptr) {
        return Fail(Error::Unimplemented("media ingest is not configured"));
    }
    WHARF_ASSIGN_OR_RETURN(auto writer, blobs_.Create());
    std::string head;
    auto fetched = fetcher_->Fetch(request.source, options_.max_ingest_bytes,
                                   [&](std::string_view data) -> Result<void> {
                                       if (head.size() < kSniffBytes) {
                                           head.append(data.substr(0, kSniffBytes - head.size()));
                                       }
                                       return writer->Append(data);
                                   });
    if (!fetched) {
        Error e = fetched.error();
        if (!e.field) {
            e.field = "source";
        }
        return Fail(std::move(e));
    }
    UploadDescription what;
    what.type = request.mime_type.value_or("");
    what.part_type = fetched->content_type;
    std::string mime = ResolveUploadMime(what, domain::SniffMimeType(Bytes(head)));
    if (mime.empty()) {
        mime = "unknown";
    }
    WHARF_TRY(domain::CheckMediaUpload(mime, Bytes(head), writer->Size()));
    mime = domain::NormalizeMimeType(mime);
    WHARF_ASSIGN_OR_RETURN(store::BlobInfo blob, writer->Commit());
    MediaIngestResult out;
    out.ingest_id = NewUuid();
    out.kind = request.delivery;
    out.filename = request.filename.value_or(fetched->filename.value_or("media"));
    out.mime_type = mime;
    out.size_bytes = blob.size;
    out.sha256 = blob.sha256;
    out.source_url = request.source;
    if (request.delivery == "meta_media") {
        WHARF_ASSIGN_OR_RETURN(
            domain::Media m, StoreMedia(project, request.phone_number_id, blob, mime, out.filename,
                                        domain::MediaOrigin::kIngest));
        out.media_id = m.id.value();
    } else {
        domain::UploadSession s;
        s.id = RandomToken(32);
        s.file_name = out.filename;
        s.file_length = blob.size;
        s.file_type = mime;
        s.offset = blob.size;
        s.sha256 = blob.sha256;
        s.handle = NewUploadHandle(mime);
        s.created_at = clock_.Now();
        s.expires_at = s.created_at + Micros(domain::kUploadRetention);
        WHARF_TRY(store_.Media().InsertSession(project, s));
        out.handle = s.handle;
    }
    return out;
}

Result<int> MediaService::Sweep(int limit) {
    int removed = 0;
    WHARF_ASSIGN_OR_RETURN(auto expired, store_.Media().ListExpired(clock_.Now(), limit));
    for (const auto& [project, m] : expired) {
        auto d = store_.Media().Delete(project, m.id);
        if (d) {
            ++removed;
        } else if (d.error().code != ErrorCode::kNotFound) {
            return Fail(d.error());
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto sessions, store_.Media().TakeExpiredSessions(clock_.Now(), limit));
    for (const auto& s : sessions) {
        std::error_code ec;
        if (!options_.staging_dir.empty()) {
            std::filesystem::remove(StagingPath(s.id), ec);
        }
        ++removed;
    }
    return removed;
}

Result<int> MediaService::CollectBlobs() {
    Timestamp cutoff = clock_.Now() - Micros(options_.blob_grace);
    std::vector<std::string> old;
    WHARF_TRY(blobs_.ForEach([&](const std::string& sha, Timestamp written) {
        if (written < cutoff) {
            old.push_back(sha);
        }
    }));
    int removed = 0;
    for (const std::string& sha : old) {
        WHARF_ASSIGN_OR_RETURN(bool referenced, store_.Media().BlobReferenced(sha));
        if (referenced) {
            continue;
        }
        auto r = blobs_.Remove(sha);
        if (r) {
            ++removed;
        } else if (r.error().code != ErrorCode::kNotFound) {
            return Fail(r.error());
        }
    }
    return removed;
}

Result<domain::Media> MediaService::FindForNumber(const ProjectId& project,
                                                  const PhoneNumberId& number, const MediaId& id) {
    return Get(project, id, number);
}

Result<domain::Media> MediaService::MintInbound(const ProjectId& project,
                                                const PhoneNumberId& number,
                                                domain::MediaCategory category,
                                                const std::optional<MediaId>& source) {
    if (source) {
        WHARF_ASSIGN_OR_RETURN(domain::Media src, Get(project, *source, number));
        store::BlobInfo blob{src.sha256, src.file_size};
        return StoreMedia(project, number, blob, src.mime_type, src.filename,
                          domain::MediaOrigin::kInbound);
    }
    auto [mime, bytes] = Placeholder(category);
    WHARF_ASSIGN_OR_RETURN(auto writer, blobs_.Create());
    WHARF_TRY(writer->Append(bytes));
    WHARF_ASSIGN_OR_RETURN(store::BlobInfo blob, writer->Commit());
    return StoreMedia(project, number, blob, mime, std::nullopt, domain::MediaOrigin::kInbound);
}

}  // namespace wharf::service
