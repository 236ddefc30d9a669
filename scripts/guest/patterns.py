"""Screen patterns guest scenarios draw and the runner checks, exactly.

Each pattern is a rule colour(x, y) -> (r, g, b) that the guest side
reproduces with its own tools (see tests/guest/*.sh); compare() checks a PPM
screendump against it pixel for pixel.
"""

PALETTE = [(0, 0, 0), (255, 0, 0), (0, 255, 0), (255, 255, 0),
           (0, 0, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def fbstripes(x, y):
    """Bands of 100 rows; in each, 16-pixel blocks of two palette colours."""
    return PALETTE[((y // 100) * 2 + (x // 16) % 2) % 8]


def plain77(x, y):
    """libdrm's "plain" fill (modetest -F plain): every byte 0x77."""
    return (0x77, 0x77, 0x77)


PATTERNS = {"fbstripes": fbstripes, "plain77": plain77}


def read_ppm(path):
    """Width, height and 8-bit RGB bytes of a binary PPM (16-bit samples,
    as xwdtopnm writes, are scaled down)."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6":
        raise ValueError("not a binary PPM: %r" % fields)
    w, h, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    body = data[pos + 1:]
    if maxval == 255:
        return w, h, body[:3 * w * h]
    return w, h, bytes(body[2 * i] * 255 // (maxval >> 8)
                       for i in range(3 * w * h))


def compare(name, path):
    """'MATCH WxH' or 'MISMATCH <first difference>'. NAME@WxH also requires
    the screen to be WxH."""
    name, _, size = name.partition("@")
    rule = PATTERNS.get(name)
    if rule is None:
        return "MISMATCH unknown pattern %s" % name
    w, h, px = read_ppm(path)
    if size and size != "%dx%d" % (w, h):
        return "MISMATCH the screen is %dx%d, not %s" % (w, h, size)
    for y in range(h):
        row = px[3 * w * y:3 * w * (y + 1)]
        for x in range(w):
            got = tuple(row[3 * x:3 * x + 3])
            if got != rule(x, y):
                return "MISMATCH %dx%d: pixel (%d,%d) is %02x%02x%02x, want " \
                       "%02x%02x%02x" % ((w, h, x, y) + got + rule(x, y))
    return "MATCH %dx%d" % (w, h)
