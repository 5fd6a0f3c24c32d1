#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "latency_histogram.hpp"

using ykt::LatencyHistogram;

BOOST_AUTO_TEST_SUITE(latency_histogram)

// Purpose: percentiles of 100 000 random values are within the 1/64 bucket error of the exact
// order statistics (reporting rule of the measurement method, README "Measuring").
BOOST_AUTO_TEST_CASE(quantiles_match_sorted_values) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> d(12.0, 1.0);  // ~160 us median, long tail
  LatencyHistogram h;
  std::vector<std::int64_t> v;
  for (int i = 0; i < 100000; ++i) {
    v.push_back(static_cast<std::int64_t>(d(rng)));
    h.record(v.back());
  }
  std::sort(v.begin(), v.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto exact = static_cast<double>(v[static_cast<std::size_t>(q * v.size()) - 1]);
    const auto got = static_cast<double>(h.quantile(q));
    BOOST_TEST(got >= exact * 0.98);
    BOOST_TEST(got <= exact * 1.02);
  }
  BOOST_TEST(h.max() == v.back());
  BOOST_TEST(h.count() == 100000u);
}

// Purpose: merging two histograms equals recording all values into one.
BOOST_AUTO_TEST_CASE(merge_is_union) {
  LatencyHistogram a, b, all;
  for (int i = 1; i <= 1000; ++i) {
    (i % 2 ? a : b).record(i * 1000);
    all.record(i * 1000);
  }
  a.merge(b);
  BOOST_TEST(a.count() == all.count());
  BOOST_TEST(a.quantile(0.99) == all.quantile(0.99));
  BOOST_TEST(a.count_above(500'000) == all.count_above(500'000));
  BOOST_TEST(all.count_above(500'000) >= 490u);
  BOOST_TEST(all.count_above(500'000) <= 510u);
}

BOOST_AUTO_TEST_SUITE_END()
