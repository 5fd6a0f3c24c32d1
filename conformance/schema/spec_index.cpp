#include "spec_index.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace ykt::spec {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  return lines;
}

// Cells of a markdown table row `| a | b |`.
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string t = trim(row);
  if (t.size() < 2 || t.front() != '|') return out;
  t = t.substr(1);
  if (!t.empty() && t.back() == '|') t.pop_back();
  std::string cur;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
      cur += '|';
      ++i;
    } else if (t[i] == '|') {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += t[i];
    }
  }
  out.push_back(trim(cur));
  return out;
}

bool is_separator(const std::vector<std::string>& row) {
  for (const std::string& c : row)
    if (c.find_first_not_of("-: ") != std::string::npos || c.empty()) return false;
  return !row.empty();
}

}  // namespace

Result<SpecIndex> SpecIndex::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"io", "cannot open " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

Result<SpecIndex> SpecIndex::parse(const std::string& text, const std::string& name) {
  static const std::regex heading(R"(^(#{2,6}) (STD-[0-9]+(?:\.[0-9]+)*) (\S.*)$)");
  static const std::regex stray(R"(^#{1,6}\s*STD-)");
  const std::vector<std::string> lines = split_lines(text);
  SpecIndex idx;
  Clause* open = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    const std::string at = name + ":" + std::to_string(i + 1);
    std::smatch m;
    const bool is_heading = !l.empty() && l[0] == '#';
    if (is_heading && std::regex_match(l, m, heading)) {
      Clause c;
      c.level = static_cast<int>(m[1].length());
      c.id = m[2];
      c.title = trim(m[3]);
      c.line = static_cast<int>(i + 1);
      if (idx.by_id_.count(c.id) != 0) return Error{"spec", at + ": duplicate clause id " + c.id};
      // The next two non-empty lines must be `Normative:` and `Roles:`.
      std::size_t j = i + 1;
      auto next_nonempty = [&]() -> const std::string* {
        while (j < lines.size() && trim(lines[j]).empty()) ++j;
        return j < lines.size() ? &lines[j++] : nullptr;
      };
      const std::string* norm = next_nonempty();
      if (norm == nullptr || norm->rfind("Normative:", 0) != 0)
        return Error{"spec", at + ": clause " + c.id + " lacks a `Normative: yes|no` line"};
      const std::string nv = trim(norm->substr(10));
      if (nv != "yes" && nv != "no")
        return Error{"spec", at + ": clause " + c.id + ": Normative must be yes or no"};
      c.normative = nv == "yes";
      const std::string* roles = next_nonempty();
      if (roles == nullptr || roles->rfind("Roles:", 0) != 0)
        return Error{"spec", at + ": clause " + c.id + " lacks a `Roles:` line"};
      std::istringstream rs(roles->substr(6));
      for (std::string r; std::getline(rs, r, ',');) {
        r = trim(r);
        if (r.empty() || r == "-" || r == "none") continue;
        if (r != "card" && r != "reader" && r != "backend" && r != "exchange")
          return Error{"spec", at + ": clause " + c.id + ": unknown role '" + r + "'"};
        c.roles.push_back(r);
      }
      idx.by_id_[c.id] = idx.clauses_.size();
      idx.clauses_.push_back(std::move(c));
      open = &idx.clauses_.back();
      i = j - 1;
      continue;
    }
    if (is_heading) {
      if (std::regex_search(l, stray))
        return Error{"spec", at + ": malformed clause heading (want `### STD-n.m Title`)"};
      open = nullptr;  // an unnumbered heading ends the clause's text
      continue;
    }
    if (open != nullptr) open->text += l + "\n";
  }
  if (idx.clauses_.empty()) return Error{"spec", name + ": no clause headings found"};
  return idx;
}

const Clause* SpecIndex::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &clauses_[it->second];
}

std::vector<std::string> SpecIndex::normative_ids() const {
  std::vector<std::string> out;
  for (const Clause& c : clauses_)
    if (c.normative) out.push_back(c.id);
  return out;
}

std::vector<std::vector<std::string>> SpecIndex::table(const std::string& id) const {
  std::vector<std::vector<std::string>> rows;
  const Clause* c = find(id);
  if (c == nullptr) return rows;
  bool in_table = false;
  for (const std::string& l : split_lines(c->text)) {
    const bool row = !trim(l).empty() && trim(l).front() == '|';
    if (!row) {
      if (in_table) break;
      continue;
    }
    in_table = true;
    std::vector<std::string> r = cells(l);
    if (!is_separator(r)) rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace ykt::spec
