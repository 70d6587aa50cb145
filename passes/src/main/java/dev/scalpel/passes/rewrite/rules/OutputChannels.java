package dev.scalpel.passes.rewrite.rules;

/**
 * Where the output channel of each weight element lies: axis 0 for Conv ({@code [Cout, Cin/g, k…]}),
 * axis 1 within each group for ConvTranspose ({@code [Cin, Cout/g, k…]}).
 */
interface OutputChannels {
  /**
   * How many output channels the weight has.
   *
   * @throws ArithmeticException when the count overflows a long (a hostile {@code group})
   */
  long count(long[] weightDims, long group);

  /** The output channel of element {@code index} (row-major) of the weight. */
  int channelOf(long index, long[] weightDims, long group);

  /**
   * How many consecutive elements (row-major), starting at any multiple of it, share one output
   * channel: the kernel size for ConvTranspose, everything after axis 0 for Conv.
   */
  long runLength(long[] weightDims);

  /** Conv: channel = index / (elements per output channel). */
  OutputChannels CONV = new OutputChannels() {
    @Override
    public long count(long[] dims, long group) {
      return dims[0];
    }

    @Override
    public int channelOf(long index, long[] dims, long group) {
      return (int) (index / runLength(dims));
    }

    @Override
    public long runLength(long[] dims) {
      return product(dims) / dims[0];
    }
  };

  /** ConvTranspose: o = g·(Cout/g) + j for row r in group g = r / (Cin/g) and column j. */
  OutputChannels CONV_TRANSPOSE = new OutputChannels() {
    @Override
    public long count(long[] dims, long group) {
      return Math.multiplyExact(dims[1], group);
    }

    @Override
    public int channelOf(long index, long[] dims, long group) {
      long kernel = product(dims) / (dims[0] * dims[1]);
      long row = index / (dims[1] * kernel);
      long column = (index / kernel) % dims[1];
      long g = row / (dims[0] / group);
      return (int) (g * dims[1] + column);
    }

    @Override
    public long runLength(long[] dims) {
      return product(dims) / (dims[0] * dims[1]);
    }
  };

  /** The weight's element count; it fits a long, as the weight tensor was read with these dims. */
  private static long product(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
