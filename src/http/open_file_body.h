#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <boost/system/errc.hpp>

#include "http/open_file.h"

namespace wharf::http {

// A Beast Body that serializes an OpenFile (Response::File) in chunks read with pread, so a
// response holds one chunk in memory whatever the file's size, and copies of a response never
// share a file offset. Serialization only: nothing is ever parsed into it. The writer belongs to
// one serializer, on one thread.
struct OpenFileBody {
    using value_type = std::shared_ptr<const OpenFile>;

    static std::uint64_t size(const value_type& file) { return file->Size(); }

    class writer {
    public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool kIsRequest, class Fields>
        writer(const boost::beast::http::header<kIsRequest, Fields>&, const value_type& file)
            : file_(file) {}

        void init(boost::system::error_code& ec) { ec = {}; }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::system::error_code& ec) {
            // The size was fixed when the file was opened: it is the Content-Length already sent.
            const std::uint64_t remain = file_->Size() - offset_;
            if (remain == 0) {
                ec = {};
                return boost::none;
            }
            if (!chunk_) {
                chunk_ = std::make_unique<char[]>(kChunk);  // only once a body is really sent
            }
            const size_t want = static_cast<size_t>(std::min<std::uint64_t>(remain, kChunk));
            auto got = file_->ReadAt(offset_, chunk_.get(), want);
            if (!got) {
                ec = boost::system::errc::make_error_code(boost::system::errc::io_error);
                return boost::none;
            }
            if (*got == 0) {
                // Truncated since it was opened: the promised length cannot be delivered, and
                // failing the write closes the connection instead of leaving the client waiting.
                ec = boost::beast::http::error::short_read;
                return boost::none;
            }
            offset_ += *got;
            ec = {};
            return std::make_pair(const_buffers_type(chunk_.get(), *got), offset_ < file_->Size());
        }

    private:
        static constexpr size_t kChunk = 64 * 1024;

        const value_type& file_;
        std::uint64_t offset_ = 0;
        std::unique_ptr<char[]> chunk_;
    };
};

}  // namespace wharf::http
