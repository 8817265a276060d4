"""Known mistakes on conv2d, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


# --- the 1-d functions -------------------------------------------------------------

@known.mistake(
    "convolve1d_not_flipped",
    de="convolve1d dreht den Kern nicht um: das ist die (volle) Kreuzkorrelation, nicht die Faltung.",
    en="convolve1d does not flip the kernel: that is the (full) cross-correlation, not the convolution.",
    hint_de="In der Faltung (001, Gl. 73; 002, Abschnitt 13.2) steht w[n - k]: der Index des Kerns läuft rückwärts. "
            "Rechne das Beispiel (1, 2, 3) * (4, 5, 6) = (4, 13, 28, 27, 18) von Hand nach.",
    hint_en="The convolution (001, eq. 73; 002, section 13.2) has w[n - k]: the kernel's index runs backwards. "
            "Work the example (1, 2, 3) * (4, 5, 6) = (4, 13, 28, 27, 18) by hand.",
)
def convolve1d(x, w):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(np.pad(x, len(w) - 1), w)


@known.mistake(
    "convolve1d_valid_only",
    de="convolve1d gibt nur die Positionen zurück, an denen sich Signal und Kern ganz überlappen ('valid'); "
       "verlangt ist die volle Faltung der Länge len(x) + len(w) - 1.",
    en="convolve1d returns only the positions where signal and kernel overlap completely ('valid'); "
       "the full convolution of length len(x) + len(w) - 1 is asked for.",
    hint_de="Im Beispiel aus 002, Abschnitt 13.1, beginnt das Ergebnis mit 4 · 1, wenn sich nur ein Element überlappt.",
    hint_en="In the example of 002, section 13.1, the result starts with 4 · 1, where only one element overlaps.",
)
def convolve1d(x, w):
    return np.convolve(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode="valid")


@known.mistake(
    "cross_correlate1d_flipped",
    de="cross_correlate1d dreht den Kern um: das ist eine Faltung, keine Kreuzkorrelation.",
    en="cross_correlate1d flips the kernel: that is a convolution, not a cross-correlation.",
    hint_de="Vergleiche die Definitionen in 002, Abschnitt 13.2: die Kreuzkorrelation hat n + k, die Faltung n - k.",
    hint_en="Compare the definitions in 002, section 13.2: the cross-correlation has n + k, the convolution n - k.",
)
def cross_correlate1d(x, w):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return correlate_valid(x, w[::-1])


@known.mistake(
    "cross_correlate1d_full",
    de="cross_correlate1d gibt auch die Randpositionen mit nur teilweiser Überlappung zurück ('full'); "
       "verlangt ist die gültige ('valid') Kreuzkorrelation der Länge len(x) - len(w) + 1.",
    en="cross_correlate1d also returns the border positions with only partial overlap ('full'); "
       "the valid cross-correlation of length len(x) - len(w) + 1 is asked for.",
    hint_de="Lege den Kern nur an Positionen, an denen er ganz im Signal liegt (wie Gl. 78 ohne Padding).",
    hint_en="Place the kernel only where it lies completely inside the signal (like eq. 78 without padding).",
)
def cross_correlate1d(x, w):
    return np.correlate(np.asarray(x, dtype=float), np.asarray(w, dtype=float), mode="full")


# --- conv2d_forward ----------------------------------------------------------------

@known.mistake(
    "conv2d_kernel_flipped",
    de="conv2d_forward dreht den Kern um (echte Faltung wie Gl. 73). Eine CNN-Schicht und "
       "torch.nn.functional.conv2d berechnen die Kreuzkorrelation ohne Umdrehen.",
    en="conv2d_forward flips the kernel (a true convolution as in eq. 73). A CNN layer and "
       "torch.nn.functional.conv2d compute the cross-correlation, without the flip.",
    hint_de="Vergleiche Gl. 73 mit Gl. 74/78 in 001: in der CNN-Schicht steht Input(i + m, j + n) · Filter(m, n).",
    hint_en="Compare eq. 73 with eqs. 74/78 in 001: the CNN layer has Input(i + m, j + n) · Filter(m, n).",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    w = w[:, :, ::-1, ::-1]
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake(
    "bias_forgotten",
    de="Der Bias b fehlt: jeder Filter f addiert b[f] zu allen seinen Ausgaben.",
    en="The bias b is missing: every filter f adds b[f] to all of its outputs.",
    hint_de="Siehe Gl. 75 in 001: der Bias b^(l) steht in der Summe, bevor die Aktivierung angewendet wird.",
    hint_en="See eq. 75 in 001: the bias b^(l) is added inside, before the activation is applied.",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    return np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)


@known.mistake(
    "bias_per_channel",
    de="Der Bias wird für jeden Eingabekanal addiert (C · b[f] statt b[f]); er gehört einmal zu jedem Filter.",
    en="The bias is added once per input channel (C · b[f] instead of b[f]); it belongs once to each filter.",
    hint_de="Ein Filter hat einen Bias, egal wie viele Kanäle er liest (002, Abschnitt 14.8; Gl. 75 in 001).",
    hint_en="A filter has one bias, however many channels it reads (002, section 14.8; eq. 75 in 001).",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + x.shape[1] * b[None, :, None, None]


@known.mistake(
    "only_first_channel",
    de="Nur der erste Eingabekanal wird verwendet; ein Filter liest alle C Kanäle und summiert über sie.",
    en="Only the first input channel is used; a filter reads all C channels and sums over them.",
    hint_de="Ein Filter ist ein 3-d-Block (C, kh, kw) (002, Abschnitt 14.8): die Summe läuft auch über die Kanäle.",
    hint_en="A filter is a 3-d block (C, kh, kw) (002, section 14.8): the sum runs over the channels too.",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    x, w = x[:, :1], w[:, :1]
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake(
    "mean_over_channels",
    de="Über die Eingabekanäle wird gemittelt statt summiert.",
    en="The input channels are averaged instead of summed.",
    hint_de="Ein Filter ist ein 3-d-Block (C, kh, kw) (002, Abschnitt 14.8): jedes Produkt Gewicht · Eingabe zählt einmal, ohne 1/C.",
    hint_en="A filter is a 3-d block (C, kh, kw) (002, section 14.8): every product weight · input counts once, without 1/C.",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3])) / x.shape[1]
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake(
    "padding_one_side",
    de="Die Nullen werden nur oben und links angefügt; Padding p fügt auf allen vier Seiten p Zeilen bzw. Spalten an.",
    en="The zeros are added only at the top and left; padding p adds p rows or columns on all four sides.",
    hint_de="Mit Padding p wächst die Höhe um 2p (002, Abschnitt 14.4); prüfe die Ausgabegröße floor((H + 2p - d(kh - 1) - 1)/s) + 1.",
    hint_en="With padding p the height grows by 2p (002, section 14.4); check the output size floor((H + 2p - d(kh - 1) - 1)/s) + 1.",
)
def zero_pad(x, padding):
    return np.pad(x, ((0, 0), (0, 0), (padding, 0), (padding, 0)))


@known.mistake(
    "dilation_ignored",
    de="Die Dilatation wird ignoriert: bei Dilatation d liegen zwischen benachbarten Kerngewichten d - 1 übersprungene Pixel.",
    en="The dilation is ignored: with dilation d, neighbouring kernel weights are d - 1 skipped pixels apart.",
    hint_de="Siehe 002, Abschnitt 14.3: die Dilatation setzt Lücken zwischen die Gewichte des Filters.",
    hint_en="See 002, section 14.3: dilation puts gaps between the filter's weights.",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, 1)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake(
    "dilation_off_by_one",
    de="Die Dilatation ist um eins verschoben: bei Dilatation d liegen benachbarte Kerngewichte d Pixel auseinander "
       "(d = 1 ist der gewöhnliche Kern ohne Lücken), nicht d + 1.",
    en="The dilation is off by one: with dilation d, neighbouring kernel weights are d pixels apart "
       "(d = 1 is the ordinary kernel without gaps), not d + 1.",
    hint_de="Wie in torch.nn.functional.conv2d liest das Gewicht (m, l) die Eingabe bei (s·i + d·m, s·j + d·l).",
    hint_en="As in torch.nn.functional.conv2d, weight (m, l) reads the input at (s·i + d·m, s·j + d·l).",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], stride, dilation + 1)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]


@known.mistake(
    "stride_ignored",
    de="Der Stride wird ignoriert: bei Stride s wird der Filter um s Pixel weitergeschoben, die Ausgabe wird kleiner.",
    en="The stride is ignored: with stride s the filter moves by s pixels, and the output gets smaller.",
    hint_de="Siehe 002, Abschnitt 14.5, und die Ausgabegröße floor((H + 2p - d(kh - 1) - 1)/s) + 1.",
    hint_en="See 002, section 14.5, and the output size floor((H + 2p - d(kh - 1) - 1)/s) + 1.",
)
def conv2d_forward(x, w, b, stride=1, padding=0, dilation=1):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    P = patches(zero_pad(x, padding), w.shape[2], w.shape[3], 1, dilation)
    y = np.tensordot(P, w, axes=([1, 4, 5], [1, 2, 3]))
    return y.transpose(0, 3, 1, 2) + b[None, :, None, None]
