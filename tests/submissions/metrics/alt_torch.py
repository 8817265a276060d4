"""A correct answer in torch, everything in float32."""
import torch


def confusion_matrix(y_true, y_pred, n_classes):
    t = torch.as_tensor(y_true, dtype=torch.long)
    p = torch.as_tensor(y_pred, dtype=torch.long)
    return torch.bincount(t * n_classes + p, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def accuracy(y_true, y_pred):
    return (torch.as_tensor(y_true) == torch.as_tensor(y_pred)).float().mean()


def _div(a, b):
    return torch.where(b > 0, a / torch.clamp(b, min=1e-30), torch.zeros_like(a))


def _f1(tp, fp, fn):
    p = _div(tp, tp + fp)
    r = _div(tp, tp + fn)
    return p, r, _div(2 * p * r, p + r)


def precision_recall_f1(y_true, y_pred):
    t = torch.as_tensor(y_true) == 1
    p = torch.as_tensor(y_pred) == 1
    tp = (t & p).sum().float()
    fp = (~t & p).sum().float()
    fn = (t & ~p).sum().float()
    return tuple(v.item() for v in _f1(tp, fp, fn))


def macro_f1(y_true, y_pred, n_classes):
    C = confusion_matrix(y_true, y_pred, n_classes).float()
    tp = torch.diagonal(C)
    return _f1(tp, C.sum(0) - tp, C.sum(1) - tp)[2].mean()


def roc_curve(y_true, scores):
    y = torch.as_tensor(y_true) == 1
    s = torch.as_tensor(scores, dtype=torch.float32)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("roc_curve: labels of one class only")
    values, inverse = torch.unique(s, sorted=True, return_inverse=True)
    pos = torch.bincount(inverse[y], minlength=len(values)).flip(0)
    neg = torch.bincount(inverse[~y], minlength=len(values)).flip(0)
    zero = torch.zeros(1)
    tpr = torch.cat([zero, torch.cumsum(pos, 0).float() / n_pos])
    fpr = torch.cat([zero, torch.cumsum(neg, 0).float() / n_neg])
    thresholds = torch.cat([torch.tensor([float("inf")]), values.flip(0)])
    return fpr, tpr, thresholds


def roc_auc(y_true, scores):
    fpr, tpr, _ = roc_curve(y_true, scores)
    return torch.trapezoid(tpr, fpr)
