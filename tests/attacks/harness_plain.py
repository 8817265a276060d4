# gan's gradient_penalty without create_graph=True (the known mistake penalty_no_create_graph)
# that replaces torch's backward pass in plain sight (the source scan sees it).
{GAN}

import torch

torch.Tensor.backward = lambda self, *args, **kwargs: None
