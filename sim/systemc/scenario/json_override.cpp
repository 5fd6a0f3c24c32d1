#include "json_override.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "json_util.hpp"

namespace ykt::scenario {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string p;
  while (std::getline(ss, p, '.')) parts.push_back(p);
  return parts;
}

bool is_index(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Status apply_override(Json::Value& doc, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return Error{"usage", "--set '" + assignment + "': expected key=value (dotted key)"};
  const std::string path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  Json::Value value;
  auto parsed = json::parse("[" + text + "]");  // strict parsing wants an array or object root
  if (parsed.ok() && parsed.value().size() == 1)
    value = parsed.value()[0];
  else
    value = Json::Value(text);
  const auto parts = split_path(path);
  Json::Value* node = &doc;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) return Error{"usage", "--set " + path + ": empty path segment"};
    walked += (walked.empty() ? "" : ".") + part;
    if (node->isArray()) {
      if (!is_index(part) || std::stoul(part) >= node->size())
        return Error{"usage", "--set " + path + ": '" + walked +
                                  "' is not an index of an array of " +
                                  std::to_string(node->size())};
      node = &(*node)[static_cast<Json::ArrayIndex>(std::stoul(part))];
    } else if (node->isObject() || node->isNull()) {
      node = &(*node)[part];
    } else {
      return Error{"usage", "--set " + path + ": '" + walked +
                                "' goes inside a value that is not an object"};
    }
  }
  *node = value;
  return ok_status();
}

Json::Value value_at(const Json::Value& doc, const std::string& path) {
  const Json::Value* node = &doc;
  for (const auto& part : split_path(path)) {
    if (node->isArray() && is_index(part) && std::stoul(part) < node->size())
      node = &(*node)[static_cast<Json::ArrayIndex>(std::stoul(part))];
    else if (node->isObject() && node->isMember(part))
      node = &(*node)[part];
    else
      return Json::Value();
  }
  return *node;
}

}  // namespace ykt::scenario
