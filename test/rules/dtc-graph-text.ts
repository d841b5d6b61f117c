/** One graph for the graph_port and graph_endpoint tests. */
// Messages are dtc 1.6.1's on the same text (dtc -Wno-graph_child_address -Wno-reg_format).
export const GRAPH =
  '/dts-v1/;\n/ {\n\tdisplay {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n\t\toutput@1 {\n\t\t\treg = <1>;\n\t\t\tep1: endpoint { remote-endpoint = <&ep2>; };\n\t\t};\n' +
  '\t\tport@2 {\n\t\t\treg = <3>;\n\t\t\tep3: endpoint@0 { remote-endpoint = <&ep1>; };\n\t\t};\n\t};\n' +
  '\tpanel {\n\t\tport {\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n\t\t\tep2: endpoint@0 { reg = <0>; remote-endpoint = <&ep1>; };\n\t\t};\n\t};\n' +
  '\tbridge {\n\t\tport { in: ep@1 { reg = <1 2>; remote-endpoint = <&in>; }; };\n' +
  '\t\tport@1 { #address-cells = <2>; reg = <1>; endpoint { remote-endpoint = <7>; }; };\n\t};\n};\n';

