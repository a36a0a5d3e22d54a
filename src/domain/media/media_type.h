#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace wharf::domain {

// Meta's media rules for uploads (POST /{pn}/media, meta-facts §3.5), pure:
//   audio     audio/aac, audio/amr, audio/mpeg, audio/mp4, audio/ogg (OPUS only)   16 MB
//   document  text/plain, application/pdf, application/msword, application/vnd.ms-excel,
//             application/vnd.ms-powerpoint and the three OOXML types (docx, xlsx, pptx) 100 MB
//   image     image/jpeg, image/png                                                   5 MB
//   sticker   image/webp: animated 500 KB, static 100 KB
//   video     video/3gpp, video/mp4                                                  16 MB
// (MB = 1024 * 1024 bytes.)
enum class MediaCategory { kAudio, kDocument, kImage, kSticker, kVideo };

const char* ToString(MediaCategory category);  // "audio", "document", ...

// "Image/JPEG; charset=x" -> "image/jpeg": lower case, parameters dropped, trimmed.
std::string NormalizeMimeType(std::string_view mime);

// The category of an accepted MIME type (normalized first), nullopt when Meta does not take it.
std::optional<MediaCategory> CategoryOfMimeType(std::string_view mime);

// The size limit in bytes; `animated` matters for stickers only.
uint64_t MaxMediaBytes(MediaCategory category, bool animated = false);

// What the first bytes of a file say it is (pass at least the first 4 KB when there are that
// many; ZIP-based office files are told apart by the part names near the start):
//   image/jpeg, image/png, image/webp, video/mp4, video/3gpp, audio/mp4 (M4A/M4B brands),
//   audio/ogg, audio/mpeg (ID3 or an MPEG audio frame), audio/aac (ADTS), audio/amr,
//   application/pdf, the OOXML types (by their word/, xl/, ppt/ parts), application/zip (another
//   ZIP), application/x-ole-storage (legacy doc/xls/ppt: the OLE container, which does not say
//   which), text/plain (valid UTF-8 without control characters other than tab, CR, LF, FF);
// nullopt when none matches.
std::optional<std::string> SniffMimeType(std::span<const uint8_t> head);

// An OGG stream whose first page carries an OpusHead (Meta takes OPUS only).
bool IsOggOpus(std::span<const uint8_t> head);
// A WEBP with the animation flag (VP8X) or an ANIM chunk.
bool IsAnimatedWebp(std::span<const uint8_t> head);

// Checks an upload: the declared MIME type, the file's first bytes and its total size.
// Returns the category on success. Errors (kInvalidArgument, field "file" or "type"):
//   100     the declared type is not one Meta accepts ("Param file must be a file with one of
//           the following types: ..."), field "type";
//   131053  "Media upload error": an empty file; content that does not match the declared type
//           (sniffed type of another kind; JPEG declared as PNG, a PDF declared as text...);
//           audio/ogg that is not OPUS; a size over the category's limit. Field "file".
// The MP4 family (video/mp4, video/3gpp, audio/mp4) is one container: any ftyp brand matches any
// of the three. A generic ZIP matches any OOXML type, the OLE container any legacy office type.
Result<MediaCategory> CheckMediaUpload(std::string_view declared_mime,
                                       std::span<const uint8_t> head, uint64_t size);

}  // namespace wharf::domain
