#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "http/open_file.h"

namespace wharf::http {

// One HTTP response. Handlers build it; the server adds Content-Length, Date and keep-alive.
// A response either carries its body in memory (`body`) or streams an open file (`file`, made by
// File()); copies of a file response share the one open descriptor.
struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool close_connection = false;  // set when the request body was not read
    // Set by File(): the server streams this file as the body (`body` is ignored) with its size,
    // taken when it was opened, as the Content-Length.
    std::shared_ptr<const OpenFile> file;

    void SetHeader(std::string name, std::string value);
    const std::string* FindHeader(std::string_view name) const;
    // The size of the file a File() response streams; 0 for in-memory responses.
    uint64_t FileSize() const { return file ? file->Size() : 0; }
    // The Content-Length the body will have: the file's size or the in-memory body's.
    uint64_t BodySize() const { return file ? file->Size() : body.size(); }

    static Response Json(int status, std::string body);
    static Response Html(int status, std::string body);
    static Response Text(int status, std::string body);
    static Response NoContent();
    static Response Redirect(int status, std::string location);
    // Streams the file at `path`. It is opened now, so unlinking or renaming it once this returned
    // does not change what is served. kNotFound when there is no such file (see OpenFile::Open).
    static Result<Response> File(int status, const std::string& path, std::string content_type);
};

}  // namespace wharf::http
