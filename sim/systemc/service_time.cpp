#include "service_time.hpp"

#include <cmath>
#include <sstream>

namespace ykt::sysc {

ServiceTime ServiceTime::constant(double mean_s) {
  ServiceTime t;
  t.kind_ = DistKind::constant;
  t.mean_ = mean_s;
  return t;
}

ServiceTime ServiceTime::exponential(double mean_s) {
  ServiceTime t = constant(mean_s);
  t.kind_ = DistKind::exponential;
  return t;
}

ServiceTime ServiceTime::lognormal(double mean_s, double cv) {
  ServiceTime t = constant(mean_s);
  t.kind_ = DistKind::lognormal;
  const double s2 = std::log1p(cv * cv);
  t.b_ = std::sqrt(s2);
  t.a_ = std::log(mean_s > 0 ? mean_s : 1e-12) - s2 / 2;
  return t;
}

ServiceTime ServiceTime::uniform(double lo_s, double hi_s) {
  ServiceTime t = constant((lo_s + hi_s) / 2);
  t.kind_ = DistKind::uniform;
  t.a_ = lo_s;
  t.b_ = hi_s;
  return t;
}

Result<ServiceTime> ServiceTime::from_json(const Json::Value& v, const std::string& where) {
  if (!v.isObject())
    return Error{"scenario", where + ": expected an object {\"dist\":..., \"mean_ms\":...}"};
  const std::string dist = v.get("dist", "constant").asString();
  auto number = [&](const char* key, double& out) -> bool {
    if (!v.isMember(key)) return false;
    if (!v[key].isNumeric()) return false;
    out = v[key].asDouble();
    return out >= 0;
  };
  if (dist == "uniform") {
    double lo = 0, hi = 0;
    if (!number("min_ms", lo) || !number("max_ms", hi) || hi < lo)
      return Error{"scenario", where + ": uniform needs numbers min_ms <= max_ms"};
    return uniform(lo / 1e3, hi / 1e3);
  }
  double mean = 0;
  if (!number("mean_ms", mean))
    return Error{"scenario", where + ".mean_ms: a number >= 0 is required"};
  if (dist == "constant") return constant(mean / 1e3);
  if (dist == "exponential") return exponential(mean / 1e3);
  if (dist == "lognormal") {
    double cv = 0.5;
    if (v.isMember("cv") && !number("cv", cv))
      return Error{"scenario", where + ".cv: a number >= 0"};
    return lognormal(mean / 1e3, cv);
  }
  return Error{"scenario", where + ".dist: unknown distribution '" + dist +
                               "' (constant, exponential, lognormal, uniform)"};
}

std::string ServiceTime::describe() const {
  std::ostringstream o;
  switch (kind_) {
    case DistKind::constant:
      o << "constant(" << mean_ * 1e3 << " ms)";
      break;
    case DistKind::exponential:
      o << "exponential(mean " << mean_ * 1e3 << " ms)";
      break;
    case DistKind::lognormal:
      o << "lognormal(mean " << mean_ * 1e3 << " ms, cv " << std::sqrt(std::expm1(b_ * b_)) << ")";
      break;
    case DistKind::uniform:
      o << "uniform(" << a_ * 1e3 << ".." << b_ * 1e3 << " ms)";
      break;
  }
  return o.str();
}

}  // namespace ykt::sysc
