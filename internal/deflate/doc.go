// Package deflate compresses bytes as DEFLATE (RFC 1951) and zlib (RFC
// 1950) streams, for the EPUB's zip entries, the PDF's streams and the
// PNG cover.
//
//	w := deflate.NewWriter()
//	out := w.Deflate(nil, data)     // a raw DEFLATE stream
//	out = w.Zlib(out[:0], moreData) // a zlib stream, the Writer reused
//
// compress/flate's writer allocates 0.8 to 1.2 MB at any level, and at
// any level above the fastest clears 640 KB of tables for every stream; a
// whole pamphlet's text is a tenth of that. A Writer takes 64 KB of
// table, cleared once when it is made and never again, a 64 KB token
// buffer whose pages are touched only as far as a stream needs, and 8 KB
// for its codes and their bits on their way out. On text it compresses a
// little better than flate.BestSpeed in under half the time; on
// incompressible bytes, where after 64 misses in a row it looks for a
// match less and less often, it is a little faster than BestSpeed. The
// same input always gives the same bytes, whatever the Writer compressed
// before.
package deflate
