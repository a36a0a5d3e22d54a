#include "http/multipart.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>

#include "http/open_file.h"

namespace wharf::http {

namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && IsSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// A header value of the form `main; key=value; key="quoted value"`: the main part and the
// parameters (lower-case keys, values unquoted). nullopt for an unterminated quoted value.
struct HeaderValue {
    std::string main;
    std::vector<std::pair<std::string, std::string>> params;

    const std::string* Param(std::string_view key) const {
        for (const auto& [k, v] : params) {
            if (k == key) {
                return &v;
            }
        }
        return nullptr;
    }
};

std::optional<HeaderValue> ParseHeaderValue(std::string_view s) {
    HeaderValue out;
    size_t semi = s.find(';');
    out.main = Lower(Trim(s.substr(0, semi)));
    size_t i = semi == std::string_view::npos ? s.size() : semi + 1;
    while (i < s.size()) {
        size_t eq = s.find_first_of("=;", i);
        if (eq == std::string_view::npos || s[eq] == ';') {
            // A parameter without a value: skip it.
            i = eq == std::string_view::npos ? s.size() : eq + 1;
            continue;
        }
        std::string key = Lower(Trim(s.substr(i, eq - i)));
        i = eq + 1;
        while (i < s.size() && IsSpace(s[i])) {
            ++i;
        }
        std::string value;
        if (i < s.size() && s[i] == '"') {
            bool closed = false;
            for (++i; i < s.size(); ++i) {
                char c = s[i];
                if (c == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                // RFC 7578 4.2 allows quoted-pairs; browsers do not escape backslashes at all
                // (a Windows path arrives as is), so only \" and \\ are taken as escapes.
                if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                    c = s[++i];
                }
                value += c;
            }
            if (!closed) {
                return std::nullopt;
            }
            size_t next = s.find(';', i);
            i = next == std::string_view::npos ? s.size() : next + 1;
        } else {
            size_t next = s.find(';', i);
            size_t end = next == std::string_view::npos ? s.size() : next;
            value = std::string(Trim(s.substr(i, end - i)));
            i = next == std::string_view::npos ? s.size() : next + 1;
        }
        out.params.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    auto parsed = ParseHeaderValue(content_type);
    if (!parsed || parsed->main != "multipart/form-data") {
        return std::nullopt;
    }
    const std::string* b = parsed->Param("boundary");
    // RFC 2046 5.1.1: 1 to 70 characters; a line break would never match a delimiter line.
    if (b == nullptr || b->empty() || b->size() > 70 ||
        b->find_first_of("\r\n") != std::string::npos) {
        return std::nullopt;
    }
    return *b;
}

MultipartParser::MultipartParser(std::string_view boundary, MultipartVisitor& visitor,
                                 MultipartLimits limits)
    : delimiter_("\r\n--" + std::string(boundary)), visitor_(visitor), limits_(limits) {
    // The first delimiter may open the body without the CRLF that precedes every other one
    // (RFC 2046 5.1.1): start the window with that CRLF and search for one form only.
    window_ = "\r\n";
    if (boundary.empty()) {
        error_ = Error::InvalidArgument("the multipart boundary is empty");
    }
}

Result<void> MultipartParser::Failed(Error e) {
    error_ = e;
    window_.clear();
    pos_ = 0;
    return Fail(std::move(e));
}

Result<void> MultipartParser::Feed(std::string_view chunk) {
    if (error_) {
        return Fail(*error_);
    }
    if (state_ == State::kEpilogue) {
        return {};
    }
    // Drop what was consumed before appending: the window stays at the held-back tail (or one
    // header section) plus this chunk.
    window_.erase(0, pos_);
    pos_ = 0;
    window_.append(chunk);
    return Parse();
}

Result<void> MultipartParser::Finish() {
    if (error_) {
        return Fail(*error_);
    }
    switch (state_) {
        case State::kEpilogue:
            return {};
        case State::kPreamble:
            return Failed(Error::Malformed("the multipart body has no initial boundary (--" +
                                           delimiter_.substr(4) + ")"));
        default:
            return Failed(Error::Malformed("the multipart body ended before its closing boundary"));
    }
}

Result<void> MultipartParser::Parse() {
    for (;;) {
        std::string_view rest = std::string_view(window_).substr(pos_);
        switch (state_) {
            case State::kPreamble: {
                size_t at = rest.find(delimiter_);
                if (at == std::string_view::npos) {
                    // Keep what could be the start of a delimiter cut by the chunk's end.
                    pos_ += rest.size() - std::min(rest.size(), delimiter_.size() - 1);
                    return {};
                }
                pos_ += at + delimiter_.size();
                state_ = State::kAfterDelimiter;
                break;
            }
            case State::kAfterDelimiter:
                if (rest.size() < 2) {
                    return {};
                }
                if (rest.substr(0, 2) == "--") {
                    state_ = State::kEpilogue;
                    window_.clear();
                    pos_ = 0;
                    return {};
                }
                state_ = State::kBoundaryLine;
                break;
            case State::kBoundaryLine: {
                // RFC 2046 allows linear whitespace between the boundary and its CRLF.
                size_t i = 0;
                while (i < rest.size() && IsSpace(rest[i])) {
                    ++i;
                }
                pos_ += i;
                rest.remove_prefix(i);
                if (rest.empty() || (rest[0] == '\r' && rest.size() < 2)) {
                    return {};
                }
                if (rest.substr(0, 2) != "\r\n") {
                    return Failed(Error::Malformed(
                        "unexpected characters after a multipart boundary (is the boundary "
                        "also in the data?)"));
                }
                pos_ += 2;
                if (parts_ == limits_.max_parts) {
                    return Failed(Error::Malformed("the multipart body has more than " +
                                                   std::to_string(limits_.max_parts) + " parts"));
                }
                ++parts_;
                part_ = MultipartPartHeaders{};
                header_bytes_ = 0;
                state_ = State::kHeaders;
                break;
            }
            case State::kHeaders: {
                size_t nl = rest.find('\n');
                size_t line_bytes = nl == std::string_view::npos ? rest.size() : nl + 1;
                if (header_bytes_ + line_bytes > limits_.max_header_bytes) {
                    return Failed(Error::Malformed(
                        "the header section of multipart part " + std::to_string(parts_) +
                        " is longer than " + std::to_string(limits_.max_header_bytes) + " bytes"));
                }
                if (nl == std::string_view::npos) {
                    return {};
                }
                header_bytes_ += line_bytes;
                pos_ += line_bytes;
                std::string_view line = rest.substr(0, nl);
                if (!line.empty() && line.back() == '\r') {
                    line.remove_suffix(1);
                }
                if (line.empty()) {
                    WHARF_TRY(BeginPart());
                    state_ = State::kBody;
                } else {
                    WHARF_TRY(ParseHeaderLine(line));
                }
                break;
            }
            case State::kBody: {
                size_t at = rest.find(delimiter_);
                if (at == std::string_view::npos) {
                    size_t safe = rest.size() - std::min(rest.size(), delimiter_.size() - 1);
                    if (safe > 0) {
                        pos_ += safe;
                        if (auto r = visitor_.OnPartData(rest.substr(0, safe)); !r) {
                            return Failed(std::move(r).error());
                        }
                    }
                    return {};
                }
                pos_ += at + delimiter_.size();
                if (at > 0) {
                    if (auto r = visitor_.OnPartData(rest.substr(0, at)); !r) {
                        return Failed(std::move(r).error());
                    }
                }
                if (auto r = visitor_.OnPartEnd(); !r) {
                    return Failed(std::move(r).error());
                }
                state_ = State::kAfterDelimiter;
                break;
            }
            case State::kEpilogue:
                window_.clear();
                pos_ = 0;
                return {};
        }
    }
}

Result<void> MultipartParser::ParseHeaderLine(std::string_view line) {
    if (IsSpace(line.front())) {
        // An obsolete folded line continues the previous header's value.
        if (part_.headers.empty()) {
            return Failed(Error::Malformed("multipart part " + std::to_string(parts_) +
                                           " starts with a continuation line"));
        }
        std::string& value = part_.headers.back().second;
        value += ' ';
        value += Trim(line);
        return {};
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? "" : Trim(line.substr(0, colon));
    if (name.empty()) {
        return Failed(Error::Malformed("multipart part " + std::to_string(parts_) +
                                       " has a header line that is not 'Name: value'"));
    }
    part_.headers.emplace_back(Lower(name), std::string(Trim(line.substr(colon + 1))));
    return {};
}

Result<void> MultipartParser::BeginPart() {
    const std::string where = "multipart part " + std::to_string(parts_);
    const std::string* disposition = nullptr;
    for (const auto& [k, v] : part_.headers) {
        if (k == "content-disposition" && disposition == nullptr) {
            disposition = &v;
        } else if (k == "content-type" && !part_.content_type) {
            part_.content_type = v;
        }
    }
    if (disposition == nullptr) {
        return Failed(Error::Malformed(where + " has no Content-Disposition header"));
    }
    auto parsed = ParseHeaderValue(*disposition);
    if (!parsed) {
        return Failed(Error::Malformed(where + " has an unterminated quoted Content-Disposition"));
    }
    if (parsed->main != "form-data") {
        return Failed(Error::Malformed(where + "'s Content-Disposition is not form-data"));
    }
    const std::string* name = parsed->Param("name");
    if (name == nullptr || name->empty()) {
        return Failed(Error::Malformed(where + " has no name in its Content-Disposition"));
    }
    part_.name = *name;
    if (const std::string* filename = parsed->Param("filename")) {
        part_.filename = *filename;
    }
    if (auto r = visitor_.OnPartBegin(part_); !r) {
        return Failed(std::move(r).error());
    }
    return {};
}

Result<void> ParseMultipartFile(const std::string& path, std::string_view boundary,
                                MultipartVisitor& visitor, MultipartLimits limits) {
    WHARF_ASSIGN_OR_RETURN(auto file, OpenFile::Open(path));
    MultipartParser parser(boundary, visitor, limits);
    constexpr size_t kChunk = 64 * 1024;
    auto chunk = std::make_unique<char[]>(kChunk);
    for (uint64_t offset = 0;;) {
        WHARF_ASSIGN_OR_RETURN(size_t got, file->ReadAt(offset, chunk.get(), kChunk));
        if (got == 0) {
            break;
        }
        offset += got;
        WHARF_TRY(parser.Feed(std::string_view(chunk.get(), got)));
    }
    return parser.Finish();
}

}  // namespace wharf::http
