#include "json_util.hpp"

#include <json/reader.h>
#include <json/writer.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace ykt::json {

Result<Json::Value> parse_with(Json::CharReader& reader, std::string_view text) {
  Json::Value v;
  std::string errs;
  bool ok = false;
  try {
    ok = reader.parse(text.data(), text.data() + text.size(), &v, &errs);
  } catch (const std::exception& ex) {
    // jsoncpp throws (instead of reporting) when nesting exceeds its stack limit.
    return Error{"E1001", std::string("invalid JSON: ") + ex.what()};
  }
  if (!ok) {
    std::string first = errs.substr(0, errs.find('\n', errs.find('\n') + 1));
    for (char& c : first)
      if (c == '\n') c = ' ';
    return Error{"E1001", "invalid JSON: " + first};
  }
  return v;
}

Result<Json::Value> parse(std::string_view text) {
  Json::CharReaderBuilder b;
  Json::CharReaderBuilder::strictMode(&b.settings_);
  b.settings_["failIfExtra"] = true;
  std::unique_ptr<Json::CharReader> reader(b.newCharReader());
  return parse_with(*reader, text);
}

Result<Json::Value> load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io", "cannot open " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  auto r = parse(ss.str());
  if (!r) return Error{r.error().code, path + ": " + r.error().message};
  return r;
}

std::string compact(const Json::Value& v) {
  // One writer and one stream per thread: building the writer per call cost more than writing.
  thread_local const std::unique_ptr<Json::StreamWriter> writer = [] {
    Json::StreamWriterBuilder b;
    b["indentation"] = "";
    b["emitUTF8"] = true;
    return std::unique_ptr<Json::StreamWriter>(b.newStreamWriter());
  }();
  thread_local std::ostringstream os;
  os.str(std::string());
  os.clear();
  writer->write(v, &os);
  return os.str();
}

std::string pretty(const Json::Value& v) {
  Json::StreamWriterBuilder b;
  b["indentation"] = "  ";
  b["emitUTF8"] = true;
  // 15 significant digits: a decimal typed with up to 15 digits reads back as the same double, and
  // files show 0.03, not 0.029999999999999999.
  b["precision"] = 15;
  return Json::writeString(b, v) + "\n";
}

Status save_file(const std::string& path, const Json::Value& v) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Error{"io", "cannot write " + tmp};
    out << pretty(v);
    if (!out) return Error{"io", "write failed: " + tmp};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Error{"io", "cannot rename to " + path};
  return ok_status();
}

}  // namespace ykt::json
