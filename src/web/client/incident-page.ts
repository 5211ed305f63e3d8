// filled in with the latency chart
export {};
