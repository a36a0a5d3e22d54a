#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "delivery/url_fetcher.h"
#include "domain/media/media.h"
#include "domain/media/media_type.h"
#include "service/media_catalog.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace wharf::service {

struct MediaServiceOptions {
    std::string public_url = "http://127.0.0.1:8080";  // download URLs start with it
    std::string token_key;                             // signs download tokens (required)
    std::chrono::seconds url_ttl{300};                 // `url`: 5 minutes, as Meta's
    std::chrono::seconds download_url_ttl{240};        // `download_url`: 4 minutes, as Kapso's
    std::chrono::hours session_ttl{24};                // resumable upload sessions
    std::string staging_dir;  // resumable uploads' partial files (required for sessions)
    // The blob collector keeps unreferenced blobs younger than this: an upload commits its blob
    // a moment before its row, and must not lose it in between.
    std::chrono::seconds blob_grace{300};
    uint64_t max_ingest_bytes = 100ull * 1024 * 1024;
};

// The URLs GET /{media_id} answers with: both carry a signed token and need no headers.
struct MediaLinks {
    std::string url;
    std::string download_url;
    Timestamp download_url_expires_at;
};

// A media object's bytes for the download endpoint.
struct MediaFile {
    domain::Media media;
    std::string path;  // a local file to stream
};

// What an upload's multipart fields said, besides the file's bytes.
struct UploadDescription {
    std::string type;                      // the `type` field: a MIME type or "image", ...
    std::optional<std::string> filename;   // the file part's filename
    std::optional<std::string> part_type;  // the file part's Content-Type
};

// One upload in progress: bytes go straight into the blob store (hashed on the way); the first
// 4 KB are kept for sniffing. Destroyed without FinishUpload, it leaves nothing.
class MediaUpload {
public:
    Result<void> Append(std::string_view data);
    uint64_t Size() const { return writer_->Size(); }

private:
    friend class MediaService;
    MediaUpload(ProjectId project, PhoneNumberId number, std::unique_ptr<store::BlobWriter> w)
        : project_(std::move(project)), number_(std::move(number)), writer_(std::move(w)) {}
    ProjectId project_;
    PhoneNumberId number_;
    std::unique_ptr<store::BlobWriter> writer_;
    std::string head_;
};

// POST /platform/v1/whatsapp/media: fetch `source` and make it a media object or a template
// header handle.
struct MediaIngestRequest {
    PhoneNumberId phone_number_id;
    std::string source;
    std::string delivery = "meta_media";  // or "meta_resumable_asset"
    std::optional<std::string> filename;
    std::optional<std::string> mime_type;
};
struct MediaIngestResult {
    std::string ingest_id;
    std::string kind;  // the delivery
    std::optional<std::string> media_id;
    std::optional<std::string> handle;
    std::string filename;
    std::string mime_type;
    uint64_t size_bytes = 0;
    std::string sha256;
    std::string source_url;
};

// Media of a project's phone numbers (Meta's /{phone_number_id}/media and /{media_id}), Graph's
// resumable uploads, and the platform's media ingest. The bytes live in a BlobStore, rows in the
// Store; uploads expire after 30 days, inbound media after 7 (Sweep). Download URLs carry a token
// signed with options.token_key, so they work without headers and for a few minutes only.
// Errors: the domain's Graph errors for uploads (100 unknown type, 131053 content); kNotFound
// (field "media_id", "phone_number_id" or "upload_session") for anything the caller does not own.
// Thread-safe; the references must outlive it.
class MediaService final : public MediaCatalog {
public:
    MediaService(store::Store& store, store::BlobStore& blobs, const Clock& clock,
                 MediaServiceOptions options, delivery::UrlFetcher* fetcher = nullptr)
        : store_(store),
          blobs_(blobs),
          clock_(clock),
          options_(std::move(options)),
          fetcher_(fetcher) {}

    // The number must be the project's.
    Result<std::unique_ptr<MediaUpload>> BeginUpload(const ProjectId& project,
                                                     const PhoneNumberId& number);
    // Checks the type against the bytes and Meta's limits (CheckMediaUpload), then stores the
    // media (30 days).
    Result<domain::Media> FinishUpload(MediaUpload& upload, const UploadDescription& what);

    // With `number`, the media must be that number's.
    Result<domain::Media> Get(const ProjectId& project, const MediaId& id,
                              const std::optional<PhoneNumberId>& number);
    MediaLinks LinksFor(const ProjectId& project, const domain::Media& m) const;
    Result<void> Delete(const ProjectId& project, const MediaId& id,
                        const std::optional<PhoneNumberId>& number);
    // GET /meta/whatsapp/media_download?token=: kNotFound for a bad or expired token, or media
    // that is gone.
    Result<MediaFile> OpenDownload(std::string_view token);

    // Resumable uploads (POST /{app_id}/uploads, POST /upload:{id}, GET /upload:{id}).
    Result<domain::UploadSession> CreateSession(const ProjectId& project,
                                                const std::string& file_name, uint64_t file_length,
                                                const std::string& file_type);
    Result<domain::UploadSession> GetSession(const ProjectId& project, const std::string& id);
    // Appends the bytes of `chunk_path` (`chunk_size` bytes) at `offset`, which must be the
    // session's current offset (kFailedPrecondition otherwise, naming the expected one); the
    // chunk may not run past file_length. The last chunk completes the session with a handle.
    Result<domain::UploadSession> AppendSession(const ProjectId& project, const std::string& id,
                                                uint64_t offset, const std::string& chunk_path,
                                                uint64_t chunk_size);

    Result<MediaIngestResult> Ingest(const ProjectId& project, const MediaIngestRequest& request);

    // Removes expired media and upload sessions (at most `limit` each); returns how many.
    Result<int> Sweep(int limit = 500);
    // Removes blobs no media or session references that are older than options.blob_grace;
    // returns how many.
    Result<int> CollectBlobs();

    // MediaCatalog.
    Result<domain::Media> FindForNumber(const ProjectId& project, const PhoneNumberId& number,
                                        const MediaId& id) override;
    Result<domain::Media> MintInbound(const ProjectId& project, const PhoneNumberId& number,
                                      domain::MediaCategory category,
                                      const std::optional<MediaId>& source) override;

private:
    Result<void> CheckNumber(const ProjectId& project, const PhoneNumberId& number);
    Result<domain::Media> StoreMedia(const ProjectId& project, const PhoneNumberId& number,
                                     const store::BlobInfo& blob, std::string mime,
                                     std::optional<std::string> filename,
                                     domain::MediaOrigin origin);
    std::string StagingPath(const std::string& session_id) const;

    store::Store& store_;
    store::BlobStore& blobs_;
    const Clock& clock_;
    MediaServiceOptions options_;
    delivery::UrlFetcher* fetcher_;
};

// The MIME type an upload is stored as: the declared `type` when it is a MIME type; for a short
// type ("image", "video", "audio", "document", "sticker") the part's Content-Type or the sniffed
// type, whichever is of that category; without `type`, the part's Content-Type, else the sniffed
// type. Empty when nothing fits (the caller reports the declared type). Pure; exposed for tests.
std::string ResolveUploadMime(const UploadDescription& what,
                              const std::optional<std::string>& sniffed);

}  // namespace wharf::service
