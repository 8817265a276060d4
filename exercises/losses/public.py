"""Public cases: run them yourself; the grader runs these and hidden ones like them.

S_SLIDE is the worked example of notes 004 ("Beispiel: Hinge-Loss für mehrere Klassen" and
"Kreuzentropie als Verlustfunktion"), transposed: the slide has one COLUMN per image, here
each image is a ROW. Classes 0 = Katze, 1 = Hund, 2 = Vogel. The slide's losses 3.0, 0 and
16.2 fix the labels y = (1, 0, 2). Every expected value below was checked against
torch.nn.functional (softmax, cross_entropy, 3 * multi_margin_loss, and autograd for the
gradients of the mean loss).
"""
import numpy as np

from dlgrade.spec import Case, Check

S_SLIDE = np.array([[3.0, 1.0, -2.5],
                    [3.0, -5.0, 1.5],
                    [1.0, 3.2, -5.0]])
Y_SLIDE = np.array([1, 0, 2])

# Terms exactly on the hinge: row 0 has s_1 - s_0 + 1 = 0, row 1 has s_0 - s_1 + 1 = 0.
S_KINK = np.array([[2.0, 1.0, 3.0],
                   [0.5, 1.5, -0.5]])
Y_KINK = np.array([0, 1])

# Values of order 1, computed in float64. A correct float32 answer (a torch tensor) is off by
# about 1e-7 relative; rtol 1e-5 accepts it, and every known mistake is off by far more.
F32 = Check(rtol=1e-5, atol=1e-6)
# Scores of +-1000: a float32 answer has absolute errors up to about 3e-4 there.
BIG = Check(rtol=1e-5, atol=1e-3)
# Probabilities from scores of +-1000: in float32 the log-sum-exp 1000 + log 2 is rounded by ~6e-5 (the
# spacing of floats near 1000), which a correct exp(S - logsumexp(S)) passes on: 1e-3 relative.
BIG_PROB = Check(rtol=1e-3, atol=1e-8)

THIRD = 1.0 / 3.0

CASES = [
    Case("softmax", (S_SLIDE,), check=F32, name="softmax: the worked example of notes 004 (one row per image)",
         expected=np.array([[0.8776379181857814, 0.11877537623686385, 0.0035867055773547143],
                            [0.817350305054558, 0.00027419048125052175, 0.18237550446419148],
                            [0.09972583123555769, 0.9000269731431972, 0.0002471956212450008]])),
    Case("softmax", (np.array([[1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -1000.0]]),), check=BIG_PROB,
         expected=np.array([[0.5, 0.5, 0.0], [THIRD, THIRD, THIRD]]),
         name="softmax: scores of +-1000 stay finite"),
    Case("softmax", (np.array([[1.0, 2.0, 3.0], [101.0, 102.0, 103.0]]),), check=F32,
         expected=np.array([[0.09003057317038046, 0.24472847105479764, 0.6652409557748218]] * 2),
         name="softmax: adding a constant to a row changes nothing"),
    Case("cross_entropy", (S_SLIDE, Y_SLIDE), check=F32,
         expected=np.array([2.130521164270609, 0.20168750606108557, 8.305330545947815]),
         name="cross_entropy: the worked example (2.1305, the slide rounds to 2.12)"),
    Case("cross_entropy", (np.array([[1000.0, -1000.0], [-1000.0, 1000.0]]), np.array([0, 0])), check=BIG,
         expected=np.array([0.0, 2000.0]),
         name="cross_entropy: scores of +-1000 stay finite"),
    Case("hinge_loss", (S_SLIDE, Y_SLIDE), check=F32, expected=np.array([3.0, 0.0, 16.2]),
         name="hinge_loss: the worked example of notes 004"),
    Case("hinge_loss", (S_SLIDE, Y_SLIDE), {"margin": 2.0}, check=F32, expected=np.array([4.0, 0.5, 18.2]),
         name="hinge_loss: the worked example with margin 2"),
    Case("hinge_loss", (S_KINK, Y_KINK), check=F32, expected=np.array([2.0, 0.0]),
         name="hinge_loss: terms exactly on the hinge"),
    Case("loss_gradient", (S_SLIDE, Y_SLIDE, "cross_entropy"), check=F32,
         expected=np.array([[0.2925459727285938, -0.29374154125437874, 0.0011955685257849047],
                            [-0.060883231648480675, 9.139682708350725e-05, 0.06079183482139716],
                            [0.033241943745185895, 0.30000899104773243, -0.33325093479291834]]),
         name="loss_gradient: cross-entropy, the worked example (mean over 3 images)"),
    Case("loss_gradient", (S_SLIDE, Y_SLIDE, "hinge"), check=F32,
         expected=np.array([[THIRD, -THIRD, 0.0], [0.0, 0.0, 0.0], [THIRD, THIRD, -2 * THIRD]]),
         name="loss_gradient: hinge, the worked example (mean over 3 images)"),
    Case("loss_gradient", (S_KINK, Y_KINK, "hinge"), check=F32,
         expected=np.array([[-0.5, 0.0, 0.5], [0.0, 0.0, 0.0]]),
         name="loss_gradient: hinge, a term exactly on the hinge contributes nothing"),
    Case("loss_gradient", (S_SLIDE, Y_SLIDE, "mse"), raises="ValueError",
         name="loss_gradient: an unknown kind raises ValueError"),
    Case("mse", (np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 0.0])), check=F32, expected=13.0 / 3.0,
         name="mse: (0 + 4 + 9) / 3"),
    Case("mae", (np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 0.0])), check=F32, expected=5.0 / 3.0,
         name="mae: (0 + 2 + 3) / 3"),
    Case("mse", (np.array([[1.0, 2.0], [0.0, 0.0]]), np.zeros((2, 2))), check=F32, expected=1.25,
         name="mse: a 2 x 2 array, the mean over all 4 entries"),
    Case("mae", (np.array([[1.0, -2.0], [0.0, 0.0]]), np.zeros((2, 2))), check=F32, expected=0.75,
         name="mae: a 2 x 2 array, the mean over all 4 entries"),
]
