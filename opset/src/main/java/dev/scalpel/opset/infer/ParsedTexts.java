package dev.scalpel.opset.infer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded memo of {@link SymExpr#parse}: dim texts are read back every time a rule asks for an
 * input's shape, and a long symbolic dim (a sum over the classes of a detector) costs as much to
 * parse as it is long. Thread-safe; when full it is emptied, so its memory stays bounded.
 *
 * <p>Invariant: maps a text only to what {@link SymExprParser} (or the symbol fallback) makes of
 * it, so a hit is exactly what a parse would have returned; expressions are immutable.
 */
final class ParsedTexts {
  private final int capacity;
  private final ConcurrentHashMap<String, SymExpr> map = new ConcurrentHashMap<>();

  ParsedTexts(int capacity) {
    this.capacity = capacity;
  }

  SymExpr get(String text) {
    return map.get(text);
  }

  void put(String text, SymExpr e) {
    if (map.size() >= capacity) {
      map.clear();
    }
    map.put(text, e);
  }
}
