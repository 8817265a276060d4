# CORRECT: torch tensors (rates in float32), returns tensors
import torch


def _t(a):
    return torch.as_tensor(a)


def confusion_matrix(y_true, y_pred, n_classes):
    t = _t(y_true).long().reshape(-1)
    p = _t(y_pred).long().reshape(-1)
    cm = torch.zeros(n_classes, n_classes, dtype=torch.long)
    cm.index_put_((t, p), torch.ones_like(t), accumulate=True)
    return cm


def accuracy(y_true, y_pred):
    return (_t(y_true) == _t(y_pred)).float().mean().item()


def _f1_from_counts(tp, fp, fn):
    tp, fp, fn = tp.float(), fp.float(), fn.float()
    zero = torch.zeros_like(tp)
    p = torch.where(tp + fp > 0, tp / (tp + fp).clamp(min=1), zero)
    r = torch.where(tp + fn > 0, tp / (tp + fn).clamp(min=1), zero)
    f = torch.where(p + r > 0, 2 * p * r / (p + r).clamp(min=1e-30), zero)
    return p, r, f


def precision_recall_f1(y_true, y_pred):
    t = _t(y_true) == 1
    p = _t(y_pred) == 1
    tp = (t & p).sum()
    fp = (~t & p).sum()
    fn = (t & ~p).sum()
    prec, rec, f1 = _f1_from_counts(tp, fp, fn)
    return prec.item(), rec.item(), f1.item()


def macro_f1(y_true, y_pred, n_classes):
    cm = confusion_matrix(y_true, y_pred, n_classes)
    tp = cm.diagonal()
    fp = cm.sum(dim=0) - tp
    fn = cm.sum(dim=1) - tp
    return _f1_from_counts(tp, fp, fn)[2].mean().item()


def roc_curve(y_true, scores):
    y = (_t(y_true).reshape(-1) == 1).long()
    s = _t(scores).reshape(-1)  # keep the scores' own dtype for the thresholds
    if not s.is_floating_point():
        s = s.double()
    n_pos = int(y.sum())
    n_neg = y.numel() - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("only one class present in y_true")
    s_sorted, order = torch.sort(s, descending=True, stable=True)
    tp = torch.cumsum(y[order], 0)
    fp = torch.arange(1, y.numel() + 1) - tp
    _, counts = torch.unique_consecutive(s_sorted, return_counts=True)
    last = torch.cumsum(counts, 0) - 1
    zero = torch.zeros(1, dtype=torch.long)
    tpr = torch.cat([zero, tp[last]]).float() / n_pos
    fpr = torch.cat([zero, fp[last]]).float() / n_neg
    inf = torch.full((1,), float("inf"), dtype=s_sorted.dtype)
    thresholds = torch.cat([inf, s_sorted[last]])
    return fpr, tpr, thresholds


def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return torch.trapezoid(tpr, fpr).item()
