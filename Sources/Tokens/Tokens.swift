/// Token accounting: prices, costs, estimates, hierarchical budgets and context optimisation.
public enum Tokens {}
