#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace wharf::http {

// The boundary of a multipart/form-data Content-Type ("multipart/form-data; boundary=xyz", the
// type in any case, parameters in any order, the boundary quoted or not); nullopt when the type
// is something else or the boundary is missing, empty or longer than RFC 2046's 70 characters.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// One part's header section, as the parser hands it to OnPartBegin.
struct MultipartPartHeaders {
    std::string name;                     // Content-Disposition's name (never empty)
    std::optional<std::string> filename;  // Content-Disposition's filename, as sent (unquoted)
    // The part's Content-Type as sent, nullopt when it had none (RFC 7578 4.4: then it is
    // text/plain; the consumer decides what a missing type means).
    std::optional<std::string> content_type;
    // Every header line in order: lower-case names, values without surrounding whitespace.
    std::vector<std::pair<std::string, std::string>> headers;
};

// What a MultipartParser reports, part by part: OnPartBegin, then OnPartData zero or more times
// (the part's bytes in order, in pieces of any size), then OnPartEnd. An error returned by any of
// them stops the parse and comes back out of the Feed() that caused the call, so a consumer can
// refuse a part (too large, wrong type) as soon as it knows.
class MultipartVisitor {
public:
    virtual ~MultipartVisitor() = default;
    virtual Result<void> OnPartBegin(const MultipartPartHeaders& headers) = 0;
    virtual Result<void> OnPartData(std::string_view data) = 0;
    virtual Result<void> OnPartEnd() = 0;
};

struct MultipartLimits {
    size_t max_header_bytes = 16 * 1024;  // one part's header section
    size_t max_parts = 64;
};

// A push parser for multipart/form-data bodies (RFC 7578 on RFC 2046): Feed() the body in chunks
// of any size, then Finish(). Part bodies go to the visitor as they arrive; the parser holds back
// only the last few bytes that could be the start of a boundary split between two chunks, plus at
// most one part's header section (max_header_bytes), so its memory does not grow with the body.
// The preamble before the first boundary and the epilogue after the last are ignored. Lines end
// with CRLF; a header line may also end with a bare LF. In Content-Disposition, a backslash in a
// quoted value escapes '"' and '\' (other backslashes are kept, as browsers send Windows paths
// unescaped), and `filename*` is ignored.
// Errors (Malformed unless the visitor's own): no initial boundary, a header section over the
// limit or unreadable, a part without a name, more than max_parts parts, the body ending before
// the closing boundary. After an error every call returns that error.
// Owns nothing but its window; the visitor must outlive it. Not thread-safe.
class MultipartParser {
public:
    MultipartParser(std::string_view boundary, MultipartVisitor& visitor,
                    MultipartLimits limits = {});

    Result<void> Feed(std::string_view chunk);
    // The body is complete: an error unless the closing boundary was seen.
    Result<void> Finish();
    // Parts begun so far.
    size_t PartCount() const { return parts_; }

private:
    enum class State {
        kPreamble,        // before the first delimiter
        kAfterDelimiter,  // "--" (the end) or the rest of the boundary line follows
        kBoundaryLine,    // optional padding, then CRLF
        kHeaders,         // header lines up to the empty one
        kBody,            // part data up to the next delimiter
        kEpilogue,        // after the closing delimiter
    };

    // Runs the state machine over the window until it needs more input.
    Result<void> Parse();
    Result<void> ParseHeaderLine(std::string_view line);
    Result<void> BeginPart();
    Result<void> Failed(Error e);

    std::string delimiter_;  // CRLF "--" boundary
    MultipartVisitor& visitor_;
    MultipartLimits limits_;
    State state_ = State::kPreamble;
    std::string window_;  // input not yet consumed, from pos_
    size_t pos_ = 0;
    size_t parts_ = 0;
    size_t header_bytes_ = 0;
    MultipartPartHeaders part_;
    std::optional<Error> error_;
};

// Parses the multipart body stored in the file at `path`, reading it in 64 KiB chunks.
// kNotFound when there is no such file; otherwise as MultipartParser.
Result<void> ParseMultipartFile(const std::string& path, std::string_view boundary,
                                MultipartVisitor& visitor, MultipartLimits limits = {});

}  // namespace wharf::http
