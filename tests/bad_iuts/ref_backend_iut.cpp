/// The reference backend (models/backend) as a stand-alone IUT:
/// `ref_backend_iut --endpoint E --peer P [--address backend.310000] [--ixit-out FILE]
/// [--drop-service S]`. With --ixit-out it writes the IXIT (with test data) a lab needs.
#include <iostream>

#include "iut_host.hpp"
#include "reference_backend.hpp"

int main(int argc, char** argv) {
  std::string ixit_out, drop;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ixit-out" && i + 1 < argc)
      ixit_out = argv[++i];
    else if (a == "--drop-service" && i + 1 < argc)
      drop = argv[++i];
    else
      rest.push_back(argv[i]);
  }
  auto args =
      ykt::testing::parse_iut_args(static_cast<int>(rest.size()), rest.data(), "backend.310000");
  const std::string province = args.address.substr(8);
  auto rb = ykt::testing::make_reference_backend(
      province, std::string(YKT_SOURCE_DIR) + "/conformance/spec/application-items.json", drop);
  if (!ixit_out.empty() && !ykt::testing::write_backend_ixit(ixit_out, args.endpoint, args.peer,
                                                             province, rb.test_data)) {
    std::cerr << "cannot write " << ixit_out << "\n";
    return 2;
  }
  return ykt::testing::host_iut(args, "backend", rb.actor);
}
